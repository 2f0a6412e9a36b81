package io.unstick.balancer.listen;

import io.undertow.conduits.IdleTimeoutConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DelegateOpenListener;
import org.xnio.StreamConnection;

/**
 * Opens a client's HTTP/1.x connection: counts it for the client limits, puts the idle timeout and an
 * {@link InboundConnection} beneath it (and on plain connections {@link KeptReadInterest} beneath those), then hands
 * it to Undertow's HTTP/1.1 open listener. Undertow's own listener
 * would add an idle-timeout conduit but never set its time (2.3), which left connections without any idle limit
 * while a request body was in progress.
 */
final class GuardedOpenListener extends ForwardingOpenListener {

    private final long idleTimeoutMillis;
    private final ConnectionCounter clients;
    private final boolean keepReadInterest;
    private final SoftStop softStop;

    /**
     * @param http    Undertow's HTTP/1.1 open listener, configured without {@code IDLE_TIMEOUT} (this one applies it)
     * @param clients where connections are counted per client address, or null when no client limit is set
     * @param keepReadInterest true on plain sockets; a TLS connection's conduit manages its own read readiness
     * @param softStop         where the connection is kept while open, for the balancer's stop
     */
    GuardedOpenListener(DelegateOpenListener http, long idleTimeoutMillis, ConnectionCounter clients, boolean keepReadInterest,
                        SoftStop softStop) {
        super(http);
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.clients = clients;
        this.keepReadInterest = keepReadInterest;
        this.softStop = softStop;
    }

    @Override
    public void handleEvent(StreamConnection channel, PooledByteBuffer alreadyRead) {
        if (keepReadInterest) { // lowest, so that the idle timeout still sees every suspend and resume
            channel.getSourceChannel().setConduit(new KeptReadInterest(channel.getSourceChannel().getConduit()));
        }
        IdleTimeoutConduit idle = new IdleTimeoutConduit(channel);
        channel.getSourceChannel().setConduit(idle);
        channel.getSinkChannel().setConduit(idle);
        idle.setIdleTimeout(idleTimeoutMillis);
        InboundConnection inbound = new InboundConnection(channel.getSourceChannel().getConduit(), channel,
                clients == null ? null : clients.opened(channel), softStop);
        channel.getSourceChannel().setConduit(inbound);
        if (alreadyRead != null) { // read during a TLS handshake: the start of the first request
            inbound.scan(alreadyRead.getBuffer(), alreadyRead.getBuffer().position(), alreadyRead.getBuffer().limit());
        }
        next.handleEvent(channel, alreadyRead);
        softStop.track(inbound);
    }
}
