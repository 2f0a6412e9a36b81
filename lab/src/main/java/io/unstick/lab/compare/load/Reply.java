package io.unstick.lab.compare.load;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer as a shopper saw it: a status (or a failure without one), the node that served it, and the body.
 *
 * @param status  the HTTP status, or 0 when no response came (timeout, connection failure)
 * @param failure {@code "timeout"}, {@code "io"} or {@code null} when a response came
 * @param node    {@code X-Unstick-Node}, or {@code null}
 * @param body    the parsed JSON body of a 2xx answer, else {@code null}
 */
record Reply(int status, String failure, String node, JsonNode body) {

    static Reply failed(String failure) {
        return new Reply(0, failure, null, null);
    }

    boolean ok() {
        return status >= 200 && status < 300 && failure == null;
    }

    /**
     * Whether a failed change may still have been applied: the request reached a node and no answer came
     * back (a timeout, a broken connection, 502, 504). A 503 from the balancer was never forwarded.
     */
    boolean mayHaveApplied() {
        return failure != null || status == 502 || status == 504 || status == 500;
    }
}
