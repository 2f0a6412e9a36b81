package io.unstick.balancer.listen;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One client's HTTP/1.x connection, seen from beneath Undertow's parser: it reads the HTTP version each request
 * line ends with, exactly as the client wrote it. Undertow's parser takes any {@code HTTP/x.y} it does not know
 * for HTTP/1.1, so without this a request saying {@code HTTP/9.9} would be forwarded as if it were 1.1.
 *
 * <p>It only observes the bytes: the request line of each request (after its end it ignores the rest until the
 * exchange completes; a pipelined next request waiting in the connection's read-ahead is looked at then). It is
 * the bottom conduit Undertow's connection starts from, so {@link #of} finds it from any exchange.
 *
 * <p>It also knows whether a request is in progress, for the soft stop ({@link SoftStop}): an idle connection is
 * closed, a busy one is told that its response is the last.
 */
public final class InboundConnection extends ReadThroughConduit
        implements ExchangeCompletionListener {

    private static final long HTTP_1_1 = ascii("HTTP/1.1");
    private static final long HTTP_1_0 = ascii("HTTP/1.0");

    private final StreamConnection connection;
    private final ConnectionCounter.Counted client;
    private final SoftStop softStop;
    /** The request being handled, from the first handler to its end; IO thread only, as everything below. */
    private HttpServerExchange current;
    /** Upgraded (WebSocket, h2c): no longer HTTP/1.x requests, left to the end of the stop. */
    private boolean tunnel;
    private boolean inRequestLine = true;
    private boolean lineStarted;
    /** The last eight bytes of the request line so far, one per byte of the long. */
    private long lastBytes;
    private long version;

    InboundConnection(StreamSourceConduit next, StreamConnection connection, ConnectionCounter.Counted client,
                      SoftStop softStop) {
        super(next);
        this.connection = connection;
        this.client = client;
        this.softStop = softStop;
    }

    /** The connection an HTTP/1.x exchange came in on, or null (HTTP/2, or a listener not built here). */
    public static InboundConnection of(HttpServerExchange exchange) {
        return exchange.getConnection() instanceof HttpServerConnection http
                && http.getOriginalSourceConduit() instanceof InboundConnection inbound ? inbound : null;
    }

    /**
     * Call it from the first handler of every request: it arranges for the next request on the connection to be
     * looked at, and once the balancer is stopping it makes this response the connection's last
     * ({@code Connection: close}).
     */
    public void requestStarted(HttpServerExchange exchange) {
        exchange.addExchangeCompleteListener(this);
        current = exchange;
        if (softStop.stopping()) {
            lastOnItsConnection(exchange);
        }
    }

    /**
     * Whether the current request line ended with something other than {@code HTTP/1.1} or {@code HTTP/1.0}. A line
     * this object did not see completely (which should not happen) is not held against the request.
     */
    public boolean unsupportedVersion() {
        return version != 0 && version != HTTP_1_1 && version != HTTP_1_0;
    }

    /**
     * The soft stop, on the IO thread: a connection between requests closes now; one with a request in progress
     * closes after its response (which says {@code Connection: close} unless it had already begun). A connection
     * whose next request has begun to arrive is left open: that request is then the last.
     */
    void endKeepAlive() {
        if (current != null) {
            lastOnItsConnection(current);
        } else if (!lineStarted && !tunnel) {
            IoUtils.safeClose(connection);
        }
    }

    /** An upgrade is let through: Undertow would close its connection after the 101 instead of handing it over. */
    private static void lastOnItsConnection(HttpServerExchange exchange) {
        if (!exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
            exchange.setPersistent(false);
        }
    }

    /** The version the client wrote, for the log line of a refusal. */
    public String requestedVersion() {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (version >>> (56 - 8 * i));
        }
        return new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x21-\\x7e]", "?");
    }

    public StreamConnection connection() {
        return connection;
    }

    /** The connection as the client limits counted it at accept, or null when no limit is set. */
    public ConnectionCounter.Counted client() {
        return client;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int from = dst.position();
        int n = next.read(dst);
        if (n > 0 && inRequestLine) {
            scan(dst, from, from + n);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        long total = 0;
        for (int i = offs; i < offs + len; i++) {
            if (dsts[i].hasRemaining()) {
                int n = read(dsts[i]);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
                if (dsts[i].hasRemaining()) {
                    break;
                }
            }
        }
        return total;
    }



    /** Reads the bytes {@code [from, to)} of {@code b} as (part of) a request line, without moving its position. */
    void scan(ByteBuffer b, int from, int to) {
        for (int i = from; i < to && inRequestLine; i++) {
            int c = b.get(i) & 0xff;
            if (!lineStarted && (c == '\r' || c == '\n')) {
                continue; // empty lines before a request line are allowed (RFC 9112 section 2.2)
            }
            lineStarted = true;
            if (c == '\n') {
                version = lastBytes;
                inRequestLine = false;
            } else if (c != '\r') {
                lastBytes = lastBytes << 8 | c;
            }
        }
    }

    /** The exchange is over: the next bytes start a request line, and some of them may be read already. */
    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        try {
            current = null;
            tunnel = exchange.isUpgrade();
            inRequestLine = true;
            lineStarted = false;
            lastBytes = 0;
            version = 0;
            PooledByteBuffer readAhead = exchange.getConnection() instanceof HttpServerConnection http ? http.getExtraBytes() : null;
            if (readAhead != null) {
                ByteBuffer bytes = readAhead.getBuffer();
                scan(bytes, bytes.position(), bytes.limit());
            }
        } finally {
            nextListener.proceed();
        }
    }

    private static long ascii(String eight) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | eight.charAt(i);
        }
        return value;
    }
}
