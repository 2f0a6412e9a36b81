package io.unstick.balancer.listen;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/** An open listener that does its part with a new connection, then hands it to Undertow's; the rest is Undertow's. */
abstract class ForwardingOpenListener implements DelegateOpenListener {

    protected final DelegateOpenListener next;

    ForwardingOpenListener(DelegateOpenListener next) {
        this.next = next;
    }

    @Override
    public final void handleEvent(StreamConnection channel) {
        handleEvent(channel, null);
    }

    @Override
    public HttpHandler getRootHandler() {
        return next.getRootHandler();
    }

    @Override
    public void setRootHandler(HttpHandler rootHandler) {
        next.setRootHandler(rootHandler);
    }

    @Override
    public OptionMap getUndertowOptions() {
        return next.getUndertowOptions();
    }

    @Override
    public void setUndertowOptions(OptionMap undertowOptions) {
        next.setUndertowOptions(undertowOptions);
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return next.getBufferPool();
    }

    @Override
    public ConnectorStatistics getConnectorStatistics() {
        return next.getConnectorStatistics();
    }
}
