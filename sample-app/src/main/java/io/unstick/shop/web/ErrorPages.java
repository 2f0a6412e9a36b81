package io.unstick.shop.web;

/** An error page in the shop's frame for errors that no page rendered (the container's, a valve's); no session read. */
public final class ErrorPages {

    private ErrorPages() {
    }

    public static String html(String nodeName, int status, String message) {
        return Html.page(new PageFrame(nodeName, null, null, null, 0), "Error " + status, message,
                "<p>Back to your <a href=\"/cart\">cart</a> or the <a href=\"/\">catalog</a>.</p>");
    }
}
