package io.unstick.session.it;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * {@code /async/set?name=a&value=b}: starts an asynchronous request and returns; another thread waits for the
 * test's go ({@link TestApp#asyncGo}), sets the attribute, answers and completes.
 */
final class AsyncServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final transient TestApp app;

    AsyncServlet(TestApp app) {
        this.app = app;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(false);
        if (session == null) {
            resp.sendError(404, "no session");
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(30_000);
        async.start(() -> {
            try {
                if (!app.asyncGo.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never said go");
                }
                session.setAttribute(req.getParameter("name"), req.getParameter("value"));
                async.getResponse().setContentType("text/plain");
                async.getResponse().getWriter().print("ok");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                async.complete();
            }
        });
        app.asyncDispatched.set(true); // the servlet's last act: the dispatch returns right after
    }
}
