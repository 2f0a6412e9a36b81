package io.unstick.shop.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Puts {@code X-Unstick-Node: <node>} on every response, before anything can commit it. */
public final class NodeHeaderFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    public static final String HEADER = "X-Unstick-Node";

    private final String nodeName;

    public NodeHeaderFilter(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader(HEADER, nodeName);
        chain.doFilter(request, response);
    }
}
