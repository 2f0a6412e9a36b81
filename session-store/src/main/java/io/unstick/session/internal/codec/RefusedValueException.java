package io.unstick.session.internal.codec;

/**
 * A stored value that did not open: it was never decrypted into anything, and is never deserialized. The message
 * names the attribute and the session's store key (never its id) and why.
 */
public final class RefusedValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String name;

    RefusedValueException(String name, String storeKey, String why) {
        super("Value '" + name + "' of session " + storeKey + " is refused: " + why, null, false, false);
        this.name = name;
    }

    /** The attribute (or stored name) whose value was refused. */
    public String name() {
        return name;
    }
}
