package io.unstick.balancer.listen;

import io.undertow.conduits.IdleTimeoutConduit;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import io.unstick.balancer.guard.ClientTable;
import org.xnio.ChannelListener;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * Opens a client's HTTP/1.x connection: counts it for the client limits, puts the idle timeout and an
 * {@link InboundConnection} beneath it, then hands it to Undertow's HTTP/1.1 open listener. Undertow's own listener would add an idle-timeout conduit but
 * never set its time (2.3), which left connections without any idle limit while a request body was in progress.
 */
final class GuardedOpenListener implements ChannelListener<StreamConnection>, DelegateOpenListener {

    private final DelegateOpenListener http;
    private final long idleTimeoutMillis;
    private final ClientTable clients;

    /**
     * @param http    Undertow's HTTP/1.1 open listener, configured without {@code IDLE_TIMEOUT} (this one applies it)
     * @param clients where connections are counted per client address, or null when no client limit is set
     */
    GuardedOpenListener(DelegateOpenListener http, long idleTimeoutMillis, ClientTable clients) {
        this.http = http;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.clients = clients;
    }

    @Override
    public void handleEvent(StreamConnection channel) {
        handleEvent(channel, null);
    }

    @Override
    public void handleEvent(StreamConnection channel, PooledByteBuffer alreadyRead) {
        IdleTimeoutConduit idle = new IdleTimeoutConduit(channel);
        channel.getSourceChannel().setConduit(idle);
        channel.getSinkChannel().setConduit(idle);
        idle.setIdleTimeout(idleTimeoutMillis);
        InboundConnection inbound = new InboundConnection(channel.getSourceChannel().getConduit(), channel,
                clients == null ? null : clients.opened(channel));
        channel.getSourceChannel().setConduit(inbound);
        if (alreadyRead != null) { // read during a TLS handshake: the start of the first request
            inbound.scan(alreadyRead.getBuffer(), alreadyRead.getBuffer().position(), alreadyRead.getBuffer().limit());
        }
        http.handleEvent(channel, alreadyRead);
    }

    @Override
    public HttpHandler getRootHandler() {
        return http.getRootHandler();
    }

    @Override
    public void setRootHandler(HttpHandler rootHandler) {
        http.setRootHandler(rootHandler);
    }

    @Override
    public OptionMap getUndertowOptions() {
        return http.getUndertowOptions();
    }

    @Override
    public void setUndertowOptions(OptionMap undertowOptions) {
        http.setUndertowOptions(undertowOptions);
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return http.getBufferPool();
    }

    @Override
    public ConnectorStatistics getConnectorStatistics() {
        return http.getConnectorStatistics();
    }
}
