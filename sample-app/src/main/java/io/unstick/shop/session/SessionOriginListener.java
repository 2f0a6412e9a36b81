package io.unstick.shop.session;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/** Stamps each new session with the node that created it. */
public final class SessionOriginListener implements HttpSessionListener {

    private final String nodeName;

    public SessionOriginListener(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        event.getSession().setAttribute(SessionAttributes.CREATED_ON, nodeName);
    }
}
