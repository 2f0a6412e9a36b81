package io.unstick.shop.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The headers that keep every response (pages, JSON, errors) out of other sites' frames and out of content sniffing:
 * {@code X-Frame-Options: DENY}, a Content-Security-Policy with {@code frame-ancestors 'none'} that allows the pages
 * exactly what they use (their one inline style sheet, by hash; forms posting to this origin; nothing else),
 * {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: same-origin}.
 */
public final class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(Html.STYLE)
            + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Sets the headers on a response; also for error responses that the container renders outside any filter. */
    public static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(response);
        chain.doFilter(request, response);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
