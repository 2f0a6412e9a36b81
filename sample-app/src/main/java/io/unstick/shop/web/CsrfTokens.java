package io.unstick.shop.web;

import io.unstick.shop.session.SessionAttributes;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * CSRF tokens for the HTML forms: a double-submit cookie bound to the session (OWASP's CSRF cheat sheet), so that
 * a visitor without a session needs none to get a token.
 *
 * <ul>
 *   <li>The token is 32 random bytes in the cookie {@value #COOKIE} ({@code HttpOnly}, {@code SameSite=Lax}) and in
 *       a hidden field {@value #FIELD} of every form. A form post is accepted only when the field equals the cookie:
 *       another site can make a browser send the cookie (not with Lax, on a POST) but can neither read nor set it.</li>
 *   <li>When there is a session, it remembers its token and a post must carry that one: a cookie planted by someone
 *       who can write this site's cookies (a sibling subdomain, plain HTTP) does not match it. A session takes the
 *       token of the form post that created it, or a fresh one when a page is first shown for it.</li>
 *   <li>Logging in gives the session a fresh token (the cookie follows), so a token seen before login is worthless.</li>
 *   <li>Reading a page never starts a session: a cookieless visitor's token lives in the cookie alone. And a session
 *       that expired leaves the cookie, so its open forms still work.</li>
 * </ul>
 */
public final class CsrfTokens {

    static final String FIELD = "_csrf";
    static final String COOKIE = "UNSTICK_CSRF";
    private static final int TOKEN_BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();

    /** The token for the forms of a page being rendered; sets the cookie (and binds a session) where needed. */
    String forPage(HttpServletRequest request, HttpServletResponse response) {
        String cookie = cookie(request);
        HttpSession session = request.getSession(false);
        String bound = session == null ? null : (String) session.getAttribute(SessionAttributes.CSRF_TOKEN);
        String token = bound != null ? bound : session == null && cookie != null ? cookie : newToken();
        if (session != null && bound == null) {
            session.setAttribute(SessionAttributes.CSRF_TOKEN, token);
        }
        if (!token.equals(cookie)) {
            setCookie(request, response, token);
        }
        return token;
    }

    /** Whether a form post carries the token of this browser (and of its session, if it has one). */
    boolean isValid(HttpServletRequest request) {
        String submitted = request.getParameter(FIELD);
        String cookie = cookie(request);
        if (submitted == null || cookie == null || !same(submitted, cookie)) {
            return false;
        }
        HttpSession session = request.getSession(false);
        String bound = session == null ? null : (String) session.getAttribute(SessionAttributes.CSRF_TOKEN);
        return bound == null || same(bound, submitted);
    }

    /** After an accepted form post: a session it created (or one without a token) takes the post's token. */
    void bindAfterPost(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SessionAttributes.CSRF_TOKEN) == null) {
            session.setAttribute(SessionAttributes.CSRF_TOKEN, request.getParameter(FIELD));
        }
    }

    /** After a login: a fresh token for the session and the cookie. */
    void rotate(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            String token = newToken();
            session.setAttribute(SessionAttributes.CSRF_TOKEN, token);
            setCookie(request, response, token);
        }
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && WELL_FORMED.matcher(cookie.getValue()).matches()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static void setCookie(HttpServletRequest request, HttpServletResponse response, String token) {
        Cookie cookie = new Cookie(COOKIE, token);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
