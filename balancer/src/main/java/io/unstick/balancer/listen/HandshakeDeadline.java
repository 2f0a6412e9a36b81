package io.unstick.balancer.listen;

import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.ssl.SslConnection;

import javax.net.ssl.SSLSession;
import java.util.concurrent.TimeUnit;

/**
 * Closes an accepted TLS connection whose handshake has not finished within the request header timeout. Undertow's
 * timeouts start only once HTTP/1.1 or HTTP/2 runs on the connection: without this, a client that connects to the
 * HTTPS port and sends nothing, or half a ClientHello, holds the connection (and a slot under
 * {@code UNSTICK_MAX_CONNECTIONS}) until the operating system gives up on it, the TLS form of slowloris.
 */
final class HandshakeDeadline implements ChannelListener<StreamConnection> {

    /** What the JDK reports for a session before any handshake finished. */
    private static final String NO_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";

    private final ChannelListener<? super StreamConnection> next;
    private final long timeoutMillis;

    HandshakeDeadline(ChannelListener<? super StreamConnection> next, long timeoutMillis) {
        this.next = next;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handleEvent(StreamConnection channel) {
        if (timeoutMillis > 0 && channel instanceof SslConnection tls) {
            channel.getIoThread().executeAfter(() -> {
                if (channel.isOpen() && !handshakeDone(tls)) {
                    IoUtils.safeClose(channel);
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        next.handleEvent(channel);
    }

    private static boolean handshakeDone(SslConnection connection) {
        SSLSession session = connection.getSslSession();
        return session != null && !NO_CIPHER_SUITE.equals(session.getCipherSuite());
    }
}
