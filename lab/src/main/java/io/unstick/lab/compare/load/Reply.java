package io.unstick.lab.compare.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Set;

/**
 * One answer as a shopper saw it: a status (or a failure without one), the node that served it, and the body.
 *
 * @param status     the HTTP status, or 0 when no response came (timeout, connection failure)
 * @param failure    {@code "timeout"}, {@code "io"} or {@code null} when a response came
 * @param node       {@code X-Unstick-Node}, or {@code null}
 * @param body       the parsed JSON body of a 2xx answer, else {@code null}
 * @param error      the {@code error} of a JSON error body, else {@code null}
 * @param retryAfter the answer's {@code Retry-After} in seconds, else {@code null}
 */
record Reply(int status, String failure, String node, JsonNode body, String error, Duration retryAfter) {

    /** Answers after which the same change may be sent again with the same key: busy, unavailable, or unknown. */
    private static final Set<Integer> RETRYABLE = Set.of(409, 429, 502, 503, 504);

    static Reply failed(String failure) {
        return new Reply(0, failure, null, null, null, null);
    }

    /**
     * Whether a change should be sent again, with its key: no answer, or an answer that settles nothing (the store
     * busy or unavailable, a conflict with another request, the balancer without an answer). A checkout's "the cart
     * is empty" is the shop's own definitive 409 and settles it.
     */
    boolean retryable() {
        if (failure != null) {
            return !"interrupted".equals(failure);
        }
        return RETRYABLE.contains(status) && !(status == 409 && error != null && error.startsWith("the cart is empty"));
    }

    /** The one answer that definitively says the request changed nothing: a 4xx that is not worth retrying. */
    boolean refused() {
        return failure == null && status >= 400 && status < 500 && !retryable();
    }

    boolean ok() {
        return status >= 200 && status < 300 && failure == null;
    }

    /**
     * Whether the answer to a request that reached a node was lost: no answer (a timeout, a broken connection) or
     * the balancer's 502/504, or a 500. Whatever the request did stayed with the node.
     */
    boolean answerLost() {
        return failure != null || status == 502 || status == 504 || status == 500;
    }
}
