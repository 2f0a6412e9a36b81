package io.unstick.shop.web;

import io.unstick.shop.actions.ShopActions;
import io.unstick.shop.session.SessionView;

/** {@code /login}: a username form, or who is logged in; posting the form logs in and goes to the catalog. */
final class LoginPage extends PageServlet {

    private static final long serialVersionUID = 1L;

    LoginPage(String nodeName, CsrfTokens csrf, ShopActions shop) {
        super(nodeName, csrf);
        on("GET", (request, forms) -> {
            SessionView session = shop.session(request, false);
            if (session != null && session.username() != null) {
                return new Page("Log in", "<p>You are logged in as <b>" + Html.escape(session.username()) + "</b>.</p>");
            }
            return new Page("Log in", """
                    <form method="post" action="/login">%s
                    <label>Username <input name="username" required maxlength="64" pattern="[A-Za-z0-9._-]{1,64}"></label>
                    <button>Log in</button>
                    </form>
                    <p>No password: this shop only needs a name to show that logging in keeps your cart.</p>""".formatted(forms.field()));
        });
        onForm((request, forms) -> {
            shop.login(request, request.getParameter("username"));
            forms.rotate();
            return new Redirect("/");
        });
    }
}
