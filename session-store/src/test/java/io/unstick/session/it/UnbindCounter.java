package io.unstick.session.it;

import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;

import java.io.Serializable;

/** Counts valueUnbound on the node that delivers it. */
public final class UnbindCounter implements HttpSessionBindingListener, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        TestApp.of(event.getSession().getServletContext()).valuesUnbound.incrementAndGet();
    }
}
