package io.unstick.session.internal.codec;

import java.io.InvalidClassException;

/** {@code deserializationFilter} refused a value; the message says what: a class by name, or a limit. */
public final class RejectedClassException extends InvalidClassException {

    private static final long serialVersionUID = 1L;

    RejectedClassException(String what, InvalidClassException cause) {
        super(what);
        initCause(cause);
    }
}
