package io.unstick.balancer.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.unstick.balancer.routing.ClientScheme;

import java.net.InetSocketAddress;

/**
 * Tells the backend who the client is. Client-supplied {@code X-Forwarded-*} and {@code Forwarded} headers are
 * removed unless {@code UNSTICK_TRUST_FORWARDED=true} (a client must not be able to claim another address);
 * the proxy then sets {@code X-Forwarded-For/-Proto/-Host/-Port} and this handler adds RFC 7239 {@code Forwarded}:
 * <pre>Forwarded: for=203.0.113.7;proto=http;host=shop.example</pre>
 */
public final class ForwardedHeadersHandler implements HttpHandler {

    private static final HttpString FORWARDED = new HttpString("Forwarded");
    private static final HttpString[] CLIENT_CLAIMS = {
            FORWARDED, Headers.X_FORWARDED_FOR, Headers.X_FORWARDED_PROTO, Headers.X_FORWARDED_HOST,
            Headers.X_FORWARDED_PORT, Headers.X_FORWARDED_SERVER};

    private final boolean trustForwarded;
    private final HttpHandler next;

    public ForwardedHeadersHandler(boolean trustForwarded, HttpHandler next) {
        this.trustForwarded = trustForwarded;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getRequestHeaders();
        ClientScheme.remember(exchange);
        String previous = trustForwarded ? headers.getFirst(FORWARDED) : null;
        if (!trustForwarded) {
            for (HttpString claim : CLIENT_CLAIMS) {
                headers.remove(claim);
            }
        }
        String element = element(exchange);
        headers.put(FORWARDED, previous == null || previous.isBlank() ? element : previous + ", " + element);
        next.handleRequest(exchange);
    }

    /**
     * This hop's {@code for=...;proto=...;host=...}. Address and scheme belong to the connection, and a keep-alive
     * client sends the same Host every time, so the element is built once per connection and host.
     */
    private static String element(HttpServerExchange exchange) {
        String scheme = exchange.getRequestScheme();
        String host = exchange.getHostAndPort();
        ServerConnection connection = exchange.getConnection();
        LastElement last = connection == null ? null : connection.getAttachment(LastElement.KEY);
        if (last != null && last.scheme().equals(scheme) && last.host().equals(host)) {
            return last.element();
        }
        String element = "for=" + node(exchange.getSourceAddress()) + ";proto=" + scheme + ";host=" + quoted(host);
        if (connection != null) {
            connection.putAttachment(LastElement.KEY, new LastElement(scheme, host, element));
        }
        return element;
    }

    private record LastElement(String scheme, String host, String element) {
        static final AttachmentKey<LastElement> KEY = AttachmentKey.create(LastElement.class);
    }

    /** RFC 7239 node: IPv6 addresses are bracketed and quoted. */
    private static String node(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            return "unknown";
        }
        String ip = address.getAddress().getHostAddress();
        return ip.indexOf(':') >= 0 ? "\"[" + ip + "]\"" : ip;
    }

    private static String quoted(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
                return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }
        return value.isEmpty() ? "\"\"" : value;
    }

    @Override
    public String toString() {
        return "forwarded-headers(trust=" + trustForwarded + ")";
    }
}
