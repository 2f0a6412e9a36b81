package io.unstick.session.it;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Stands in for a static file (an image): answers a few bytes and never touches the session. */
final class StaticFileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("image/png");
        resp.getOutputStream().write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }
}
