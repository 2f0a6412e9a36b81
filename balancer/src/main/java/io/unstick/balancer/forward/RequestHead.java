package io.unstick.balancer.forward;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.NetworkUtils;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The request as a node gets it, head and body in one buffer for one write: the request line with the node's path
 * prefix, the client's headers as the chain left them (hop-by-hop and {@code Expect} removed, {@code Forwarded}
 * added), the {@code X-Forwarded-*} headers exactly as Undertow's proxy sets them, and the body with a
 * {@code Content-Length} (a chunked request body, read completely before, is sent with its length, as nginx does).
 */
final class RequestHead {

    private static final HttpString[] FRAMING = {Headers.CONTENT_LENGTH, Headers.TRANSFER_ENCODING, Headers.CONNECTION};
    private static final String HTTP11 = " HTTP/1.1";
    private static final String HOST = "Host: ";
    private static final String CONTENT_LENGTH = "Content-Length: ";

    private RequestHead() {
    }

    /**
     * @param authority the node's {@code host:port}, the {@code Host} of an HTTP/1.0 request that had none (HTTP/1.1,
     *                  which the node is spoken to in, requires one)
     */
    static ByteBuffer encode(HttpServerExchange exchange, String targetPath, String authority, ByteBuffer body) {
        // Written straight into the buffer that is sent, its size counted first: no StringBuilder, String and byte
        // copies per request (a quarter of the balancer's allocation, so of its young collections, measured).
        String method = exchange.getRequestMethod().toString();
        String target = target(exchange, targetPath);
        HeaderMap headers = exchange.getRequestHeaders();
        boolean hostless = !headers.contains(Headers.HOST);
        String contentLength = body.hasRemaining() || hasBodySemantics(exchange) ? Integer.toString(body.remaining()) : null;
        int size = method.length() + 1 + target.length() + HTTP11.length() + 2;
        if (hostless) {
            size += HOST.length() + authority.length() + 2;
        }
        for (HeaderValues values : headers) {
            HttpString name = values.getHeaderName();
            if (!isFraming(name)) {
                for (String value : values) {
                    size += name.length() + 2 + value.length() + 2;
                }
            }
        }
        if (contentLength != null) {
            size += CONTENT_LENGTH.length() + contentLength.length() + 2;
        }
        ByteBuffer request = ByteBuffer.allocate(size + 2 + body.remaining()); // heap: the JDK copies it once
        latin1(request, method);
        request.put((byte) ' ');
        latin1(request, target);
        latin1(request, HTTP11);
        crlf(request);
        if (hostless) {
            latin1(request, HOST);
            latin1(request, authority);
            crlf(request);
        }
        for (HeaderValues values : headers) {
            HttpString name = values.getHeaderName();
            if (isFraming(name)) {
                continue;
            }
            for (String value : values) {
                name.appendTo(request);
                request.put((byte) ':').put((byte) ' ');
                latin1(request, value);
                crlf(request);
            }
        }
        if (contentLength != null) {
            latin1(request, CONTENT_LENGTH);
            latin1(request, contentLength);
            crlf(request);
        }
        crlf(request);
        request.put(body).flip();
        return request;
    }

    /** As {@code getBytes(ISO_8859_1)}: a character beyond Latin-1 (a surrogate pair counting as one) becomes '?'. */
    private static void latin1(ByteBuffer buf, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0xFF) {
                buf.put((byte) c);
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            }
            buf.put((byte) '?');
        }
    }

    private static void crlf(ByteBuffer buf) {
        buf.put((byte) '\r').put((byte) '\n');
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
