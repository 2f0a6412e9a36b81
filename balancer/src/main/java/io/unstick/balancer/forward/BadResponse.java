package io.unstick.balancer.forward;

import java.io.IOException;

/** A backend's response that this forwarder refuses to pass on (a 502): expected input, so no stack trace. */
final class BadResponse extends IOException {
    private static final long serialVersionUID = 1L;

    BadResponse(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
