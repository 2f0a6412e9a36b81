package io.unstick.shop;

import io.unstick.shop.api.JsonIo;
import io.unstick.shop.web.ErrorPages;
import io.unstick.shop.web.NodeHeaderFilter;
import io.unstick.shop.web.SecurityHeadersFilter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * Renders the errors that no servlet of the shop answered itself — Tomcat's (a malformed URI, {@code TRACE}, a
 * failure outside the servlets) and the session store valve's {@code 503} — as the shop does: JSON
 * {@code {"error": ...}} under {@code /api/} and {@code /health}, an HTML page in the shop's frame elsewhere. Never a
 * stack trace, never an exception's message for a 5xx other than 503; always the node and security headers, which a
 * response reset on the way here may have dropped. A 503 to a change on the API says that its outcome is unknown and how to
 * retry it safely ({@link #IN_DOUBT}).
 */
final class ShopErrorValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ShopErrorValve.class);
    private static final Map<Integer, String> PLAIN = Map.ofEntries(
            Map.entry(400, "bad request"), Map.entry(403, "forbidden"), Map.entry(404, "not found"),
            Map.entry(405, "method not allowed"), Map.entry(408, "request timeout"),
            Map.entry(413, "request too large"), Map.entry(414, "URI too long"),
            Map.entry(415, "unsupported media type"), Map.entry(431, "request headers too large"),
            Map.entry(503, "service unavailable"));

    /**
     * A change answered 503 may have been made: the store can apply a write and still not confirm it in time (its
     * backup did not answer). The client cannot tell, so it is told how to find out without making it twice.
     */
    static final String IN_DOUBT = "; the change may or may not have been applied: retry the same request with the"
            + " same Idempotency-Key, and a change already applied is not applied again";

    private final String nodeName;
    private final JsonIo json = new JsonIo();

    ShopErrorValve(String nodeName) {
        this.nodeName = nodeName;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = message(status, response.getMessage());
        boolean asJson = isJson(request.getRequestURI());
        if (status == 503 && asJson && isChange(request.getMethod())) {
            message = message + IN_DOUBT;
        }
        response.setHeader(NodeHeaderFilter.HEADER, nodeName);
        SecurityHeadersFilter.apply(response);
        try {
            String body = asJson ? json.mapper().writeValueAsString(Map.of("error", message))
                    : ErrorPages.html(nodeName, status, message);
            response.setContentType(asJson ? "application/json" : "text/html");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            // The reporter writes whether or not the application had taken the writer or the stream.
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("could not write the {} error page for {}: {}", status, request.getRequestURI(), e.toString());
        }
    }

    private static boolean isChange(String method) {
        return !"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method);
    }

    static boolean isJson(String uri) {
        return uri != null && (uri.startsWith("/api/") || uri.equals("/api") || uri.startsWith("/health"));
    }

    /** A 4xx or 503 keeps the message it was sent with; any other 5xx says no more than that it failed. */
    private static String message(int status, String sent) {
        if (status >= 500 && status != 503) {
            return "internal error";
        }
        return sent != null && !sent.isBlank() ? sent : PLAIN.getOrDefault(status, "error " + status);
    }
}
