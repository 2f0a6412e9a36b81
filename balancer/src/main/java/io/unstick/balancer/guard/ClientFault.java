package io.unstick.balancer.guard;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Why a request ended by the client's doing, not a backend's: it was refused (bad framing, too slow, over a limit)
 * or the client went away. Attached to the exchange by whoever noticed, so that the error handler answers with the
 * right status and the metrics never count it against a node.
 *
 * <p>The {@link #label} is the {@code reason} of {@code unstick_refused_requests_total} and the access log's cause.
 */
public enum ClientFault {
    HTTP_VERSION(505, "http-version", "HTTP version not supported: use HTTP/1.1"),
    TRANSFER_CODING(501, "transfer-coding", "only the chunked transfer coding is supported"),
    FRAMING(400, "framing", "Transfer-Encoding is not allowed in an HTTP/1.0 request"),
    EXPECTATION(417, "expectation", "only Expect: 100-continue is supported"),
    METHOD(405, "method", "CONNECT and TRACE are not served: this is not a forward proxy"),
    INVALID_CHUNKED(400, "chunked", "invalid chunked encoding"),
    BODY_TOO_LARGE(413, "body-too-large", "request body too large"),
    BODY_TIMEOUT(408, "body-timeout", "the request body did not arrive in time"),
    BODY_TOO_SLOW(408, "body-too-slow", "the request body arrived too slowly"),
    CLIENT_CONNECTIONS(429, "client-connections", "too many connections from your address"),
    CLIENT_REQUESTS(429, "client-requests", "too many requests from your address", false),
    CLIENT_SESSIONS(429, "client-sessions", "too many new sessions from your address", false),
    HTTP2_STREAMS(429, "http2-streams", "too many concurrent streams on this HTTP/2 connection", false),
    ADMIN_HOST(403, "admin-host", "the admin API without a token answers only to a loopback Host (localhost, 127.0.0.1, [::1])"),
    ADMIN_CROSS_SITE(403, "admin-cross-site", "the admin API refuses cross-site browser requests"),
    ADMIN_CONTENT_TYPE(415, "admin-content-type", "admin calls that change state need Content-Type: application/json"),
    /** The client closed its connection or broke it mid-request; nothing can be answered. 499 as nginx logs it. */
    ABORTED(499, "client-abort", "the client went away");

    private static final AttachmentKey<ClientFault> KEY = AttachmentKey.create(ClientFault.class);

    public final int status;
    public final String label;
    public final String message;
    /**
     * After most faults what follows on the connection cannot be trusted to start at a request boundary, so it is
     * closed; a request that was merely over a rate limit leaves a clean connection behind.
     */
    public final boolean closesConnection;

    ClientFault(int status, String label, String message) {
        this(status, label, message, true);
    }

    ClientFault(int status, String label, String message, boolean closesConnection) {
        this.status = status;
        this.label = label;
        this.message = message;
        this.closesConnection = closesConnection;
    }

    /** The fault recorded for the exchange, or null. */
    public static ClientFault of(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }

    /**
     * Records the fault unless one is already recorded (the first cause wins: a body cut off for its size is not
     * also an abort).
     *
     * @return true if this call recorded it
     */
    boolean recordOn(HttpServerExchange exchange) {
        if (exchange.getAttachment(KEY) != null) {
            return false;
        }
        exchange.putAttachment(KEY, this);
        return true;
    }

    /** Whether anything can be sent: an aborted client is gone. */
    public boolean answerable() {
        return this != ABORTED;
    }
}
