package io.unstick.balancer.listen;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.channels.AcceptingChannel;
import org.xnio.channels.ConnectedChannel;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * Accepts one connection per event and opens it, as XNIO's {@code ChannelListeners.openListenerAdapter} does, with
 * two differences: a listening socket closed under a queued accept (the balancer stopping right after a burst of
 * connections) is the stop, not an error; and a failed accept (out of file descriptors) is one line with its cause,
 * where XNIO logs an ERROR with a stack trace for each.
 */
final class Acceptor<C extends ConnectedChannel> implements ChannelListener<AcceptingChannel<C>> {

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

    private final ChannelListener<? super C> open;

    Acceptor(ChannelListener<? super C> open) {
        this.open = open;
    }

    @Override
    public void handleEvent(AcceptingChannel<C> server) {
        C accepted;
        try {
            accepted = server.accept();
        } catch (ClosedChannelException stopping) {
            return;
        } catch (IOException e) {
            log.warn("cannot accept a connection on {}: {}", server.getLocalAddress(), e.toString());
            return;
        }
        if (accepted != null) {
            ChannelListeners.invokeChannelListener(accepted, open);
        }
    }
}
