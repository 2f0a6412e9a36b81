package io.unstick.session.internal.core;

/**
 * One session attribute as the store keeps it: the serialized value and the record version that last wrote it.
 * The store never deserializes {@code bytes}; only the web application does, with its own class loader.
 */
public record StoredAttribute(byte[] bytes, long version) {

    public StoredAttribute {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
    }
}
