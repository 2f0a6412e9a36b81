package io.unstick.balancer.listen;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DelegateOpenListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

/**
 * Counts an HTTP/2 connection for the per-client connection limit before Undertow's HTTP/2 listener takes it. One
 * over the limit is closed at once: an HTTP/2 connection carries all of a browser's requests, so there is no first
 * request to answer 429 on before the others.
 */
final class CountedOpenListener extends ForwardingOpenListener {

    private final ConnectionCounter clients;

    /**
     * @param clients where connections are counted per client address, or null when no client limit is set
     */
    CountedOpenListener(DelegateOpenListener next, ConnectionCounter clients) {
        super(next);
        this.clients = clients;
    }

    @Override
    public void handleEvent(StreamConnection channel, PooledByteBuffer alreadyRead) {
        if (clients != null && clients.opened(channel).refuseAtOnce()) {
            IoUtils.safeClose(alreadyRead);
            IoUtils.safeClose(channel);
            return;
        }
        next.handleEvent(channel, alreadyRead);
    }
}
