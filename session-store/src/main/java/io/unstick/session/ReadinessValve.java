package io.unstick.session;

import jakarta.servlet.ServletException;
import org.apache.catalina.Manager;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers a readiness check for a plain Tomcat: {@code GET <context>/health/ready} (the path is configurable) gets
 * {@code 200 {"status":"UP"}} when the context's {@link HazelcastSessionManager} can serve sessions, else
 * {@code 503 {"status":"DOWN","reason":"..."}}; every other request passes on. Enable it next to the manager:
 *
 * <pre>{@code
 * <Context>
 *   <Manager className="io.unstick.session.HazelcastSessionManager" members="10.0.0.1:5701,10.0.0.2:5701,10.0.0.3:5701"/>
 *   <Valve className="io.unstick.session.ReadinessValve" path="/health/ready"/>
 * </Context>
 * }</pre>
 * The path is relative to the context; the answer is never cached and carries no session.
 */
public final class ReadinessValve extends ValveBase {

    private String path = "/health/ready";

    public ReadinessValve() {
        super(true);
    }

    /** The context-relative path that answers readiness. Default {@code /health/ready}. */
    public void setPath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("ReadinessValve path must start with '/', was '" + path + "'");
        }
        this.path = path;
    }

    public String getPath() {
        return path;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String uri = request.getDecodedRequestURI();
        String contextPath = request.getContext() == null ? "" : request.getContext().getPath();
        if (uri == null || !uri.equals(contextPath + path)) {
            getNext().invoke(request, response);
            return;
        }
        SessionStoreReadiness readiness = readiness(request.getContext() == null ? null
                : request.getContext().getManager());
        response.setStatus(readiness.ready() ? 200 : 503);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String body = readiness.ready() ? "{\"status\":\"UP\"}"
                : "{\"status\":\"DOWN\",\"reason\":\"" + escape(readiness.reason()) + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static SessionStoreReadiness readiness(Manager manager) {
        if (manager instanceof HazelcastSessionManager store) {
            return store.getReadiness();
        }
        return new SessionStoreReadiness(false, "the context's session manager is not a HazelcastSessionManager");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : String.valueOf(text).toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ReadinessValve[path=" + path + "]";
    }
}
