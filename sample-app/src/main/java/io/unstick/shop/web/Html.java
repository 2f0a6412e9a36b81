package io.unstick.shop.web;

/** The few HTML helpers the pages need: escaping, money, and the shared page frame. */
final class Html {

    /** The pages' only style sheet, inline; the Content-Security-Policy allows exactly this text by its hash. */
    static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:52rem;margin:1rem auto;padding:0 1rem;color:#222}
            nav{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ccc;padding-bottom:.5rem}
            nav .account{margin-left:auto}
            table{border-collapse:collapse;width:100%}td,th{padding:.3rem;border-bottom:1px solid #eee;text-align:left}
            .num{text-align:right}.inline{display:inline}.error{background:#fee;border:1px solid #c00;padding:.5rem}
            footer{margin-top:2rem;border-top:1px solid #ccc;padding-top:.5rem;font-size:.9rem;color:#555}
            input[type=number]{width:4rem}
            """;

    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String money(long cents) {
        return String.format("%d.%02d", cents / 100, cents % 100);
    }

    /** A whole page: navigation, an optional error box, the content, and which node served it. */
    static String page(PageFrame frame, String title, String error, String content) {
        String errorBox = error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>\n";
        String account = frame.username() == null
                ? "<a href=\"/login\">Log in</a>"
                : "Logged in as <b>" + escape(frame.username()) + "</b> "
                        + "<form method=\"post\" action=\"/logout\" class=\"inline\">" + frame.logoutField()
                        + "<button>Log out</button></form>";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · unstick shop</title>
                <style>%s</style>
                </head>
                <body>
                <nav><a href="/">Catalog</a> <a href="/cart">Cart (%d)</a> <a href="/orders">Orders</a>
                <span class="account">%s</span></nav>
                <h1>%s</h1>
                %s%s
                <footer>Served by node <b id="served-by">%s</b> · session created on <b id="session-origin">%s</b></footer>
                </body>
                </html>
                """.formatted(escape(title), STYLE, frame.cartItems(), account, escape(title), errorBox, content,
                escape(frame.nodeName()), escape(frame.sessionOrigin() == null ? "(no session yet)" : frame.sessionOrigin()));
    }
}
