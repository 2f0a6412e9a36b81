package io.unstick.shop.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Refuses state-changing requests (anything but GET, HEAD, OPTIONS) that a browser marks as coming from another
 * site, with 403 — for the JSON API and the forms alike. The check is Go's {@code net/http.CrossOriginProtection}:
 *
 * <ol>
 *   <li>{@code Sec-Fetch-Site} present (every current browser sends it): only {@code same-origin} or {@code none}
 *       (typed by the user) pass;</li>
 *   <li>else {@code Origin} present: it passes only if its host and port are the request's {@code Host} (the
 *       balancer forwards {@code Host} unchanged);</li>
 *   <li>neither: not a browser request (curl, the lab's shoppers) or a very old browser; it passes, and the forms'
 *       CSRF token still stands in the way of the latter.</li>
 * </ol>
 */
public final class CrossOriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (SAFE_METHODS.contains(request.getMethod()) || isSameOrigin(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.sendError(403, "cross-origin request refused: " + request.getMethod() + " from another site");
    }

    static boolean isSameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        try {
            String authority = new URI(origin).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
