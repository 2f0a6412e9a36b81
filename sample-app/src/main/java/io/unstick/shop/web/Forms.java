package io.unstick.shop.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One request's view of the CSRF token: the hidden field its page's forms carry, made on first use. */
final class Forms {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final CsrfTokens tokens;
    private String field;

    Forms(HttpServletRequest request, HttpServletResponse response, CsrfTokens tokens) {
        this.request = request;
        this.response = response;
        this.tokens = tokens;
    }

    /** {@code <input type="hidden" name="_csrf" value="...">}, for every form of the page. */
    String field() {
        if (field == null) {
            field = "<input type=\"hidden\" name=\"" + CsrfTokens.FIELD + "\" value=\""
                    + Html.escape(tokens.forPage(request, response)) + "\">";
        }
        return field;
    }

    /** After a login: the session gets a fresh token; forms rendered from now on carry it. */
    void rotate() {
        tokens.rotate(request, response);
        field = null;
    }
}
