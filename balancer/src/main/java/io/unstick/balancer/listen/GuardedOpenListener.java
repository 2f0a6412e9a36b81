package io.unstick.balancer.listen;

import io.undertow.conduits.IdleTimeoutConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DelegateOpenListener;
import org.xnio.StreamConnection;

/**
 * Opens a client's HTTP/1.x connection: counts it for the client limits, puts the idle timeout and an
 * {@link InboundConnection} beneath it, then hands it to Undertow's HTTP/1.1 open listener. Undertow's own listener
 * would add an idle-timeout conduit but never set its time (2.3), which left connections without any idle limit
 * while a request body was in progress.
 */
final class GuardedOpenListener extends ForwardingOpenListener {

    private final long idleTimeoutMillis;
    private final ConnectionCounter clients;

    /**
     * @param http    Undertow's HTTP/1.1 open listener, configured without {@code IDLE_TIMEOUT} (this one applies it)
     * @param clients where connections are counted per client address, or null when no client limit is set
     */
    GuardedOpenListener(DelegateOpenListener http, long idleTimeoutMillis, ConnectionCounter clients) {
        super(http);
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.clients = clients;
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
        next.handleEvent(channel, alreadyRead);
    }
}
