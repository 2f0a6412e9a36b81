package io.unstick.balancer.listen;

import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.StreamConnection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends keep-alive on the client's HTTP/1.x connections when the balancer stops, as HAProxy's and nginx's graceful
 * stops do: an idle connection is closed at once, and every response from then on says {@code Connection: close}
 * and is the last on its connection. A client then opens a new connection (to another balancer) for its next
 * request, instead of sending it on a connection about to be closed under it.
 *
 * <p>HTTP/2 connections are not here: Undertow 2.3 offers no way to reach an HTTP/2 connection's channel from the
 * balancer to send GOAWAY without closing the streams in flight, so they stay open until the end of the stop.
 */
final class SoftStop {

    private final Set<InboundConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * Keeps a connection until it closes. Call it once Undertow's open listener has taken the connection: Undertow
     * sets the connection's single close listener there, and this one runs before it.
     */
    void track(InboundConnection inbound) {
        StreamConnection channel = inbound.connection();
        ChannelListener<? super StreamConnection> undertows = channel.getCloseListener();
        open.add(inbound);
        channel.setCloseListener(closed -> {
            open.remove(inbound);
            if (undertows != null) {
                ChannelListeners.invokeChannelListener(closed, undertows);
            }
        });
        if (!channel.isOpen()) { // closed before the listener was set
            open.remove(inbound);
        }
    }

    /** Read once per request: whether its response is to be the connection's last. */
    boolean stopping() {
        return stopping;
    }

    /**
     * Begins the soft stop: from now on every response is its connection's last, and each open connection is looked
     * at on its IO thread (where its requests are handled): an idle one closes, a busy one closes after its response.
     *
     * @return how many connections were still keep-alive (0 on a second call: it begins once)
     */
    synchronized int begin() {
        if (stopping) {
            return 0;
        }
        stopping = true;
        int count = 0;
        for (InboundConnection inbound : open) {
            StreamConnection channel = inbound.connection();
            // One whose writes are shut has sent its last response and waits for the client's close, which its
            // listener may not have seen yet: it is closed now too, but it was not keep-alive any more.
            if (channel.getSinkChannel().isOpen()) {
                count++;
            }
            channel.getIoThread().execute(inbound::endKeepAlive);
        }
        return count;
    }
}
