package io.unstick.session.internal.core;

/**
 * One session attribute as the store keeps it: the serialized value, its version (the hybrid logical clock stamp
 * of the write, see {@link Hlc}) and the node that wrote it (the tie-break between equal stamps). The store never
 * deserializes {@code bytes}; only the web application does, with its own class loader.
 *
 * @param writer the writing node; null in records written before format 2
 */
public record StoredAttribute(byte[] bytes, long version, String writer) {

    public StoredAttribute {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
    }

    public StoredAttribute(byte[] bytes, long version) {
        this(bytes, version, null);
    }
}
