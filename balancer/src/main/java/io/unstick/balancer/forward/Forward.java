package io.unstick.balancer.forward;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.proxy.BalancerProxyClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One request on its way to a node and its response on the way back, on the exchange's IO thread from start to end.
 * "Which node" is {@link BalancerProxyClient#findTarget}'s answer, as for Undertow's proxy, so routing, exclusion of
 * failed nodes, draining and the per-request metrics are the same on both paths.
 */
final class Forward extends Deadlines.Entry implements Runnable, ConnectionPool.Waiter, ExchangeCompletionListener {

    private static final Logger log = LoggerFactory.getLogger(Forward.class);
    private static final ByteBuffer NO_BODY = ByteBuffer.allocate(0);

    private final ForwardingHandler.Settings settings;
    private final HttpServerExchange exchange;
    private final XnioIoThread ioThread;
    private ByteBuffer requestBody;
    /** Its IO thread's; this forward is in them from the start until the exchange completes. */
    private Deadlines deadlines;
    private int retries;
    private boolean staleRetried;
    private ConnectionPool pool;
    private BackendConnection connection;
    private ByteBuffer request;
    /** The pool {@link #request} was encoded for (the target path is the node's). */
    private ConnectionPool requestFor;
    /** Bytes of the current connection's buffer that are held (read, not yet passed on). */
    private int held;
    /** Null until the final response's head is in. */
    private ResponseBody body;
    private boolean reusable;
    private StreamSinkChannel sink;
    private boolean finished;

    Forward(ForwardingHandler.Settings settings, HttpServerExchange exchange) {
        this.settings = settings;
        this.exchange = exchange;
        this.ioThread = exchange.getIoThread();
    }

    /** Starts, dispatched on the IO thread after the handler chain returned. */
    @Override
    public void run() {
        try {
            requestBody = exchange.isRequestComplete() ? NO_BODY : readHeldBody();
        } catch (IOException e) {
            log.warn("cannot read the held body of {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            fail(StatusCodes.INTERNAL_SERVER_ERROR);
            return;
        }
        RequestHead.addForwarded(exchange, settings.trustForwarded());
        exchange.addExchangeCompleteListener(this);
        deadlines = settings.deadlinesOf(ioThread);
        deadlines.add(this);
        nextNode();
    }

    /**
     * The body {@link io.unstick.balancer.guard.RequestBodyHandler} read completely and handed back to the exchange:
     * all of it is there to read now, without waiting for the client.
     */
    private ByteBuffer readHeldBody() throws IOException {
        StreamSourceChannel channel = exchange.getRequestChannel();
        long length = exchange.getRequestContentLength();
        ByteBuffer held = ByteBuffer.allocate(length > 0 && length <= Integer.MAX_VALUE ? (int) length : 8192);
        for (;;) {
            if (!held.hasRemaining()) {
                held = ByteBuffer.allocate(held.capacity() * 2).put(held.flip());
            }
            int n = channel.read(held);
            if (n < 0) {
                return held.flip();
            }
            if (n == 0) {
                throw new IOException("the held body ended early");
            }
        }
    }

    private void nextNode() {
        if (settings.proxyClient().findTarget(exchange) == null) {
            fail(StatusCodes.SERVICE_UNAVAILABLE);
            return;
        }
        Node node = BalancerProxyClient.nodeOf(exchange);
        pool = settings.pools().of(node);
        if (pool == null) { // removed since it was chosen
            BalancerProxyClient.failureRecorded(exchange);
            retryOrFail(StatusCodes.SERVICE_UNAVAILABLE);
            return;
        }
        pool.acquire(ioThread, this);
    }

    @Override
    public void connected(BackendConnection c) {
        if (finished) {
            c.pool.release(c, true);
            return;
        }
        connection = c;
        c.serve(this);
        BalancerProxyClient.connected(exchange);
        if (request == null || requestFor != c.pool) {
            request = RequestHead.encode(exchange, c.pool.targetPath(), c.pool.authority(), requestBody.duplicate());
            requestFor = c.pool;
        }
        request.rewind();
        held = 0;
        c.buffer.clear();
        send();
    }

    @Override
    public void connectFailed(String reason) {
        if (finished) {
            return;
        }
        BalancerProxyClient.failureRecorded(exchange); // the pool counted it against the node, if it was the node's
        retryOrFail(StatusCodes.SERVICE_UNAVAILABLE);
    }

    private void send() {
        try {
            connection.out.write(request);
        } catch (IOException e) {
            backendFailed(e);
            return;
        }
        if (request.hasRemaining()) {
            connection.out.resumeWrites(); // rare: the node's socket is full; backendWritable goes on
        }
    }

    void backendWritable() {
        send();
        if (connection != null && !request.hasRemaining()) {
            connection.out.suspendWrites();
        }
    }

    /** The node's socket is readable: one read, then pass on what it brought. */
    void backendReadable() {
        BackendConnection c = connection;
        if (c == null) {
            return;
        }
        ByteBuffer buf = c.buffer;
        buf.limit(buf.capacity()).position(held);
        int read;
        try {
            read = c.in.read(buf);
        } catch (IOException e) {
            backendFailed(e);
            return;
        }
        if (read < 0) {
            backendClosed();
            return;
        }
        if (read == 0) {
            return;
        }
        held += read;
        try {
            passOn();
        } catch (BadResponse e) {
            log.warn("bad response from node {} to {} {}: {}", pool.node().name(), exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.getMessage());
            reusable = false;
            fail(StatusCodes.BAD_GATEWAY);
        }
    }

    private void passOn() throws BadResponse {
        ByteBuffer buf = connection.buffer;
        ResponseHead head = connection.head;
        int from = 0;
        while (body == null) {
            int end = head.read(buf, from, held, connection.headers);
            if (end < 0) {
                if (held == buf.capacity()) {
                    throw new BadResponse("response head larger than " + buf.capacity() + " bytes");
                }
                compact(from);
                return;
            }
            from = end;
            if (head.status == StatusCodes.SWITCHING_PROTOCOLS) {
                throw new BadResponse("101 to a request that asked for no upgrade");
            }
            if (head.status >= 200) {
                startResponse(head);
            } // else an interim response (103 Early Hints): dropped, as Undertow's proxy does
        }
        int data = body.take(buf, from, held);
        buf.limit(from + data).position(from);
        held = 0;
        writeToClient();
    }

    /** The final response's head is in: status, headers and framing for the client. */
    private void startResponse(ResponseHead head) throws BadResponse {
        body = ResponseBody.of(head, exchange.getRequestMethod().equals(Methods.HEAD));
        reusable = !body.untilClose() && !head.connectionClose && (!head.http10 || head.keepAlive);
        exchange.setStatusCode(head.status);
        HeaderMap out = exchange.getResponseHeaders();
        for (HeaderValues values : connection.headers) {
            out.addAll(values.getHeaderName(), values);
        }
        if (body.chunked()) {
            // decoded here; Undertow frames it for this client (chunked for HTTP/1.1, to the close for HTTP/1.0)
            out.remove(Headers.TRANSFER_ENCODING);
        }
        sink = exchange.getResponseChannel();
        sink.getWriteSetter().set(ignored -> clientWritable());
    }

    /** Writes {@code buffer[position, limit)} of the current connection; on a full socket, waits for the client. */
    private void writeToClient() {
        ByteBuffer buf = connection.buffer;
        try {
            while (buf.hasRemaining()) {
                if (sink.write(buf) == 0) {
                    connection.in.suspendReads(); // rare: the client reads slower than the node answers
                    sink.resumeWrites();
                    return;
                }
            }
        } catch (IOException e) {
            clientGone();
            return;
        }
        responseProgress();
    }

    private void clientWritable() {
        if (connection == null) {
            sink.suspendWrites();
            return;
        }
        sink.suspendWrites();
        connection.in.resumeReads();
        writeToClient();
    }

    private void responseProgress() {
        if (body.complete()) {
            endResponse(reusable && !body.overrun());
        }
    }

    private void endResponse(boolean reuse) {
        finished = true;
        release(reuse && !request.hasRemaining()); // answered before it took the whole request: out of step
        try {
            sink.shutdownWrites();
            if (!sink.flush()) {
                sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(null, (channel, e) -> clientGone()));
                sink.resumeWrites();
            }
        } catch (IOException e) {
            clientGone();
        }
    }

    private void backendClosed() {
        if (body != null && body.untilClose()) {
            endResponse(false); // the close is the end of this body
            return;
        }
        backendFailed(new IOException("closed by the node"));
    }

    private void backendFailed(IOException e) {
        boolean nothingBack = body == null && held == 0;
        boolean wasReused = connection.reused;
        release(false);
        if (body != null) { // the client has part of a response: only closing tells it that it is cut short
            log.warn("node {} failed during the response to {} {}: {}", pool.node().name(), exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.getMessage());
            finished = true;
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        if (nothingBack && settings.idempotent(exchange)) {
            if (wasReused && !staleRetried) {
                // A keep-alive connection the node closed as we sent: not the node's fault, try a fresh one.
                staleRetried = true;
                pool.acquire(ioThread, this);
                return;
            }
            retryOrFail(StatusCodes.BAD_GATEWAY);
            return;
        }
        fail(StatusCodes.BAD_GATEWAY);
    }

    private void retryOrFail(int status) {
        if (retries < settings.maxRetries()) {
            retries++;
            nextNode();
        } else {
            fail(status);
        }
    }

    /** Not answered completely within the timeout. */
    @Override
    void expired() {
        if (finished) {
            return;
        }
        if (connection == null && pool != null) {
            pool.cancel(ioThread, this);
        }
        boolean sent = connection != null;
        release(false);
        if (sink != null) {
            finished = true;
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        fail(sent ? StatusCodes.GATEWAY_TIME_OUT : StatusCodes.SERVICE_UNAVAILABLE);
    }

    /** Ends the exchange with an error status; the error handler writes the body. */
    private void fail(int status) {
        if (finished) {
            return;
        }
        finished = true;
        release(false);
        if (sink != null) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        exchange.setStatusCode(status);
        exchange.endExchange();
    }

    private void clientGone() {
        finished = true;
        release(false);
        IoUtils.safeClose(exchange.getConnection());
    }

    private void release(boolean reuse) {
        BackendConnection c = connection;
        if (c != null) {
            connection = null;
            c.pool.release(c, reuse);
        }
    }

    private void compact(int from) {
        ByteBuffer buf = connection.buffer;
        if (from > 0) {
            buf.put(0, buf, from, held - from);
            held -= from;
        }
    }

    @Override
    public void exchangeEvent(HttpServerExchange ex, NextListener nextListener) {
        try {
            if (deadlines != null) {
                deadlines.remove(this);
            }
            finished = true;
            release(false);
        } finally {
            nextListener.proceed();
        }
    }
}
