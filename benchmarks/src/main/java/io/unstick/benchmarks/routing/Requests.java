package io.unstick.benchmarks.routing;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * Builds the exchange of a typical browser request to the shop, as the balancer's IO thread sees it before
 * routing: method, path, the usual headers and, optionally, a {@code Cookie} header still to be parsed.
 * The connection matters: routing remembers on it the last affinity cookie it verified.
 */
final class Requests {

    private final OfflineConnection keepAlive = new OfflineConnection();

    /** A request on the same keep-alive connection as the previous ones. */
    HttpServerExchange get(String cookieHeader) {
        return get(keepAlive, cookieHeader);
    }

    /** The first request of a new connection. */
    HttpServerExchange getOnNewConnection(String cookieHeader) {
        return get(new OfflineConnection(), cookieHeader);
    }

    private static HttpServerExchange get(OfflineConnection connection, String cookieHeader) {
        HttpServerExchange exchange = new HttpServerExchange(connection, 0);
        exchange.setRequestMethod(Methods.GET);
        exchange.setRequestScheme("http");
        exchange.setProtocol(new HttpString("HTTP/1.1"));
        exchange.setRequestURI("/cart");
        exchange.setRequestPath("/cart");
        exchange.setRelativePath("/cart");
        exchange.getRequestHeaders()
                .put(Headers.HOST, "shop.example:8080")
                .put(Headers.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .put(Headers.ACCEPT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .put(Headers.ACCEPT_ENCODING, "gzip, deflate");
        if (cookieHeader != null) {
            exchange.getRequestHeaders().put(Headers.COOKIE, cookieHeader);
        }
        return exchange;
    }
}
