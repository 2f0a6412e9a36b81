package io.unstick.balancer.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import io.unstick.balancer.guard.ClientFault;
import io.unstick.balancer.guard.FaultReporter;

import java.util.Locale;

/**
 * Keeps web pages away from the admin API. A browser will send a page's "simple" cross-site request (a form
 * post, a {@code text/plain} fetch) to any address, loopback included, and a DNS-rebound name makes such a page
 * same-origin with the admin listener; both drove the API before (a node disabled, a backend added, the routing
 * switched). So:
 * <ul>
 *   <li>without a token (the listener is then on loopback only), the {@code Host} must be a loopback name —
 *       {@code localhost}, {@code 127.x.y.z} or {@code [::1]}, any port — which a rebound name is not;</li>
 *   <li>a request a browser marks as cross-site is refused: {@code Sec-Fetch-Site} other than
 *       {@code same-origin} or {@code none} (typed by the user), or an {@code Origin} other than the listener's
 *       own;</li>
 *   <li>calls that change state (POST, PUT, DELETE, PATCH) need {@code Content-Type: application/json}, which a
 *       page cannot send cross-site without a CORS preflight the admin API never grants.</li>
 * </ul>
 * Refusals are 403 or 415 with {@code {"error":...}}, logged and counted like the proxy's (reasons
 * {@code admin-host}, {@code admin-cross-site}, {@code admin-content-type}). curl and scripts send none of these
 * headers and are not affected, apart from the Content-Type of a write.
 */
final class BrowserGuardHandler implements HttpHandler {

    private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");

    private final boolean checkHost;
    private final FaultReporter reporter;
    private final HttpHandler next;

    /**
     * @param checkHost require a loopback {@code Host}: the listener has no token, so it is on loopback only
     */
    BrowserGuardHandler(boolean checkHost, FaultReporter reporter, HttpHandler next) {
        this.checkHost = checkHost;
        this.reporter = reporter;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getRequestHeaders();
        String host = headers.getFirst(Headers.HOST);
        if (checkHost && host != null && !isLoopbackName(host)) {
            refuse(exchange, ClientFault.ADMIN_HOST, StatusCodes.FORBIDDEN, "Host '" + host + "'");
            return;
        }
        String site = headers.getFirst(SEC_FETCH_SITE);
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            refuse(exchange, ClientFault.ADMIN_CROSS_SITE, StatusCodes.FORBIDDEN, "Sec-Fetch-Site: " + site);
            return;
        }
        String origin = headers.getFirst(Headers.ORIGIN);
        if (origin != null && !origin.equalsIgnoreCase(exchange.getRequestScheme() + "://" + host)) {
            refuse(exchange, ClientFault.ADMIN_CROSS_SITE, StatusCodes.FORBIDDEN, "Origin: " + origin);
            return;
        }
        if (changesState(exchange.getRequestMethod()) && !isJson(headers.getFirst(Headers.CONTENT_TYPE))) {
            refuse(exchange, ClientFault.ADMIN_CONTENT_TYPE, StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type: " + headers.getFirst(Headers.CONTENT_TYPE));
            return;
        }
        next.handleRequest(exchange);
    }

    private void refuse(HttpServerExchange exchange, ClientFault fault, int status, String detail) {
        reporter.record(exchange, fault, detail);
        Json.error(exchange, status, fault.message);
    }

    private static boolean changesState(HttpString method) {
        return method.equals(Methods.POST) || method.equals(Methods.PUT) || method.equals(Methods.DELETE)
                || method.equals(Methods.PATCH);
    }

    /** {@code application/json}, parameters (a charset) allowed. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    /** {@code localhost}, an address in 127.0.0.0/8 or {@code [::1]}, with or without a port. */
    static boolean isLoopbackName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 && h.substring(1, close).equals("::1") && validPort(h.substring(close + 1));
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        if (colon >= 0 && !validPort(h.substring(colon))) {
            return false;
        }
        return name.equals("localhost") || name.equals("localhost.") || isLoopbackIpv4(name);
    }

    private static boolean validPort(String rest) {
        return rest.isEmpty() || rest.matches(":[0-9]{1,5}");
    }

    private static boolean isLoopbackIpv4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
