package io.unstick.balancer.forward;

import io.undertow.util.HeaderMap;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.nio.ByteBuffer;

/**
 * One keep-alive connection to a node, owned by one IO thread. Read interest stays registered for its whole life
 * (no {@code epoll_ctl} per request): while idle in the pool, readiness can only mean the node closed it or sent
 * bytes nobody asked for, and either way it is dropped.
 */
final class BackendConnection {

    static final int BUFFER_BYTES = 16 * 1024;

    final ConnectionPool pool;
    final StreamConnection channel;
    final ConduitStreamSourceChannel in;
    final ConduitStreamSinkChannel out;
    /** Response bytes as read; a whole response head must fit. */
    final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    /** Reads each response head; it keeps the common values of the last one to reuse them. */
    final ResponseHead head = new ResponseHead();
    /** The response head's headers as parsed, before they are added to the exchange's. */
    final HeaderMap headers = new HeaderMap();
    /** The request it is serving, or null while idle. */
    private Forward user;
    /** Whether it served a request before (a failure on it may be a keep-alive race, not the node). */
    boolean reused;
    long idleSinceMillis;
    boolean closed;

    BackendConnection(ConnectionPool pool, StreamConnection channel) {
        this.pool = pool;
        this.channel = channel;
        this.in = channel.getSourceChannel();
        this.out = channel.getSinkChannel();
        in.setReadListener(ignored -> readable());
        out.setWriteListener(ignored -> writable());
        channel.setCloseListener(ignored -> closed = true);
        in.resumeReads();
    }

    void serve(Forward forward) {
        user = forward;
    }

    /** The request is done with it; idle from now on (or closed). */
    void release() {
        user = null;
        reused = true;
        idleSinceMillis = System.currentTimeMillis();
    }

    private void readable() {
        if (user != null) {
            user.backendReadable();
        } else {
            pool.dropIdle(this); // closed by the node, or unsolicited bytes: no longer usable
        }
    }

    private void writable() {
        if (user != null) {
            user.backendWritable();
        } else {
            out.suspendWrites();
        }
    }

    void close() {
        closed = true;
        IoUtils.safeClose(channel);
    }
}
