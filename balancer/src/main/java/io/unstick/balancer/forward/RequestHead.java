package io.unstick.balancer.forward;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.NetworkUtils;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The request as a node gets it, head and body in one buffer for one write: the request line with the node's path
 * prefix, the client's headers as the chain left them (hop-by-hop and {@code Expect} removed, {@code Forwarded}
 * added), the {@code X-Forwarded-*} headers exactly as Undertow's proxy sets them, and the body with a
 * {@code Content-Length} (a chunked request body, read completely before, is sent with its length, as nginx does).
 */
final class RequestHead {

    private static final HttpString[] FRAMING = {Headers.CONTENT_LENGTH, Headers.TRANSFER_ENCODING, Headers.CONNECTION};

    private RequestHead() {
    }

    /**
     * @param authority the node's {@code host:port}, the {@code Host} of an HTTP/1.0 request that had none (HTTP/1.1,
     *                  which the node is spoken to in, requires one)
     */
    static ByteBuffer encode(HttpServerExchange exchange, String targetPath, String authority, ByteBuffer body) {
        StringBuilder head = new StringBuilder(512);
        head.append(exchange.getRequestMethod()).append(' ').append(target(exchange, targetPath)).append(" HTTP/1.1\r\n");
        if (!exchange.getRequestHeaders().contains(Headers.HOST)) {
            head.append("Host: ").append(authority).append("\r\n");
        }
        for (HeaderValues values : exchange.getRequestHeaders()) {
            HttpString name = values.getHeaderName();
            if (isFraming(name)) {
                continue;
            }
            for (String value : values) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (body.hasRemaining() || hasBodySemantics(exchange)) {
            head.append("Content-Length: ").append(body.remaining()).append("\r\n");
        }
        head.append("\r\n");
        byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        // heap: the JDK copies it once into its own cached direct buffer
        ByteBuffer request = ByteBuffer.allocate(bytes.length + body.remaining());
        request.put(bytes).put(body).flip();
        return request;
    }

    /** A client that said how long its (empty) body was, or chunked it, keeps saying so: {@code Content-Length: 0}. */
    private static boolean hasBodySemantics(HttpServerExchange exchange) {
        return exchange.getRequestHeaders().contains(Headers.CONTENT_LENGTH)
                || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    }

    private static boolean isFraming(HttpString name) {
        for (HttpString framing : FRAMING) {
            if (framing.hashCode() == name.hashCode() && framing.equals(name)) { // the cached hash first: cheap
                return true;
            }
        }
        return false;
    }

    /** Undertow's ProxyHandler's rule: the request URI in origin form, under the node's path prefix. */
    private static String target(HttpServerExchange exchange, String targetPath) {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int scheme = uri.indexOf("//");
            int path = scheme < 0 ? -1 : uri.indexOf('/', scheme + 2);
            if (path >= 0) {
                uri = uri.substring(path);
            }
        }
        StringBuilder target = new StringBuilder(targetPath.length() + uri.length() + 16);
        if (!targetPath.isEmpty() && (!targetPath.equals("/") || uri.isEmpty())) {
            target.append(targetPath);
        }
        target.append(uri);
        String query = exchange.getQueryString();
        if (query != null && !query.isEmpty()) {
            target.append('?').append(query);
        }
        return target.toString();
    }

    /** Sets {@code X-Forwarded-For/-Proto/-Server/-Host/-Port} the way Undertow's ProxyHandler does; once per request. */
    static void addForwarded(HttpServerExchange exchange, boolean reuse) {
        var headers = exchange.getRequestHeaders();
        InetSocketAddress source = exchange.getSourceAddress();
        String client = source == null ? "localhost" : source.getHostString();
        String previous = reuse ? headers.getFirst(Headers.X_FORWARDED_FOR) : null;
        headers.put(Headers.X_FORWARDED_FOR, previous == null || previous.isEmpty() ? client : previous + "," + client);
        if (!reuse || !headers.contains(Headers.X_FORWARDED_PROTO)) {
            headers.put(Headers.X_FORWARDED_PROTO, exchange.getRequestScheme().equals("https") ? "https" : "http");
        }
        if (!reuse || !headers.contains(Headers.X_FORWARDED_SERVER)) {
            headers.put(Headers.X_FORWARDED_SERVER, exchange.getHostName());
        }
        if (!headers.contains(Headers.X_FORWARDED_HOST) && exchange.getHostName() != null) {
            headers.put(Headers.X_FORWARDED_HOST, NetworkUtils.formatPossibleIpv6Address(exchange.getHostName()));
        }
        if (!reuse || !validPort(headers.getFirst(Headers.X_FORWARDED_PORT))) {
            headers.put(Headers.X_FORWARDED_PORT, reuse && headers.contains(Headers.X_FORWARDED_PORT)
                    ? exchange.getDestinationAddress().getPort() : exchange.getHostPort());
        }
    }

    private static boolean validPort(String value) {
        if (value == null) {
            return false;
        }
        try {
            Integer.parseInt(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
