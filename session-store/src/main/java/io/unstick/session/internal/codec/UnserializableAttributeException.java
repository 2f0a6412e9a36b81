package io.unstick.session.internal.codec;

/** An attribute value that Java serialization cannot write; the message names the attribute and its class. */
public final class UnserializableAttributeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnserializableAttributeException(String name, Object value, Throwable cause) {
        super("Session attribute '" + name + "' of class " + value.getClass().getName()
                + " cannot be serialized for the session store: " + cause, cause);
    }
}
