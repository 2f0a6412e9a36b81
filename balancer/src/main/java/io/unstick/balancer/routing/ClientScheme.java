package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

/**
 * Whether the client reached us over HTTPS, directly or (as a TLS terminator in front says) by
 * {@code X-Forwarded-Proto: https}. Read before untrusted forwarded headers are stripped: marking the affinity
 * cookie {@code Secure} on a client's word is harmless, it only restricts where the cookie is sent.
 */
public final class ClientScheme {

    private static final AttachmentKey<Boolean> HTTPS = AttachmentKey.create(Boolean.class);

    private ClientScheme() {
    }

    /** Records the scheme; call before forwarded headers are rewritten. */
    public static void remember(HttpServerExchange exchange) {
        exchange.putAttachment(HTTPS, "https".equals(exchange.getRequestScheme())
                || "https".equalsIgnoreCase(exchange.getRequestHeaders().getFirst(Headers.X_FORWARDED_PROTO)));
    }

    public static boolean isHttps(HttpServerExchange exchange) {
        Boolean https = exchange.getAttachment(HTTPS);
        if (https == null) {
            remember(exchange);
            https = exchange.getAttachment(HTTPS);
        }
        return https;
    }
}
