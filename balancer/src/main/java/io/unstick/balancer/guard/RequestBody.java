package io.unstick.balancer.guard;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.Connectors;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.AttachmentKey;
import io.undertow.util.ConduitFactory;
import io.undertow.util.Headers;
import io.undertow.util.WorkerUtils;
import io.unstick.balancer.listen.ReadThroughConduit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One request body on its way in (see {@link RequestBodyHandler} for the rules): first buffered by this object's
 * own reads, then, if larger than the buffer, streamed by the proxy through {@link Pace}, a conduit that counts
 * bytes and the time the balancer waited for them. Everything runs on the exchange's IO thread: the reads, the
 * pace check and the proxy's transfer, so no field needs a lock.
 */
final class RequestBody implements Runnable, ChannelListener<StreamSourceChannel>, ConduitWrapper<StreamSourceConduit>,
        ExchangeCompletionListener {

    record Settings(int bufferBytes, long timeoutMillis, long minBytesPerSecond, FaultReporter reporter, HttpHandler next) {
    }

    private static final AttachmentKey<RequestBody> KEY = AttachmentKey.create(RequestBody.class);
    private static final long MAX_CHECK_MILLIS = 1_000;

    private final HttpServerExchange exchange;
    private final Settings settings;
    private final long startNanos = System.nanoTime();
    private final long checkMillis;
    private PooledByteBuffer[] buffered = new PooledByteBuffer[4];
    private int buffers;
    private PooledByteBuffer filling;
    private StreamSourceChannel channel;
    private XnioExecutor.Key check;
    private boolean buffering = true;
    private boolean done;
    /** The whole body was read into memory and handed back to the exchange. */
    private boolean whole;
    /** Body bytes that came from the client so far. */
    private long received;
    /** While streaming: time the proxy wanted body bytes (reads resumed), and since when it wants them now (or 0). */
    private long waitedNanos;
    private long waitingSince;
    /** The pace check failed: the next read fails, which makes the proxy cut the backend request off. */
    private boolean tooSlow;

    RequestBody(HttpServerExchange exchange, Settings settings) {
        this.exchange = exchange;
        this.settings = settings;
        this.checkMillis = Math.max(10, Math.min(MAX_CHECK_MILLIS, settings.timeoutMillis() / 4));
        exchange.putAttachment(KEY, this);
        exchange.addRequestWrapper(this);
        exchange.addExchangeCompleteListener(this);
    }

    static boolean waitingForClient(HttpServerExchange exchange) {
        RequestBody body = exchange.getAttachment(KEY);
        return body != null && !body.done && (body.buffering || body.waitingSince != 0);
    }

    static boolean heldWhole(HttpServerExchange exchange) {
        RequestBody body = exchange.getAttachment(KEY);
        return body != null && body.whole;
    }

    /** Starts reading, after the handler returned (dispatched on the same IO thread). */
    @Override
    public void run() {
        check = WorkerUtils.executeAfter(exchange.getIoThread(), this::checkPace, checkMillis, TimeUnit.MILLISECONDS);
        if (!HttpContinue.requiresContinueResponse(exchange)) {
            exchange.getRequestHeaders().remove(Headers.EXPECT);
            readAvailable();
            return;
        }
        HttpContinue.sendContinueResponse(exchange, new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                // Answered here (Undertow needs the header to send it): the node gets the whole body at once.
                exchange.getRequestHeaders().remove(Headers.EXPECT);
                readAvailable();
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                failed(e);
            }
        });
    }

    /** Read listener of the buffering phase. */
    @Override
    public void handleEvent(StreamSourceChannel ignored) {
        readAvailable();
    }

    private void readAvailable() {
        if (done || !buffering) {
            return;
        }
        if (channel == null) {
            channel = exchange.getRequestChannel();
        }
        ByteBufferPool pool = exchange.getConnection().getByteBufferPool();
        try {
            for (;;) {
                if (filling == null) {
                    filling = pool.allocate(); // one pool buffer at a time: a trickling client holds one
                }
                ByteBuffer buffer = filling.getBuffer();
                int read = channel.read(buffer);
                if (read == -1) {
                    proceed(true);
                    return;
                }
                if (read == 0) {
                    channel.getReadSetter().set(this);
                    channel.resumeReads();
                    return;
                }
                if (!buffer.hasRemaining()) {
                    keep(filling);
                    filling = null;
                }
                if (received > settings.bufferBytes()) {
                    proceed(false);
                    return;
                }
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void keep(PooledByteBuffer buffer) {
        buffer.getBuffer().flip();
        if (buffers == buffered.length) {
            buffered = Arrays.copyOf(buffered, buffers * 2);
        }
        buffered[buffers++] = buffer;
    }

    /** Hands the buffered bytes back to the exchange and lets the request go on to routing and the proxy. */
    private void proceed(boolean complete) {
        buffering = false;
        channel.getReadSetter().set(null);
        channel.suspendReads();
        if (filling != null) {
            if (filling.getBuffer().position() > 0) {
                keep(filling);
            } else {
                filling.close();
            }
            filling = null;
        }
        if (buffers > 0) {
            Connectors.ungetRequestBytes(exchange, Arrays.copyOf(buffered, buffers));
            buffered = null;
        }
        Connectors.resetRequestChannel(exchange);
        if (complete) {
            whole = true;
            stopChecking();
        }
        Connectors.executeRootHandler(settings.next(), exchange);
    }

    private void failed(IOException e) {
        if (done) {
            return;
        }
        stopChecking();
        release();
        ClientFault fault = ClientFault.of(exchange);
        if (fault != null && fault.answerable()) {
            settings.reporter().refuse(exchange, fault, e.getMessage()); // e.g. invalid chunked encoding: 400
        } else {
            settings.reporter().record(exchange, ClientFault.ABORTED, "while sending its body: " + e.getMessage());
            IoUtils.safeClose(exchange.getConnection());
            exchange.endExchange();
        }
    }

    /** Runs every {@link #checkMillis}: has the client kept up with the minimum pace? */
    private void checkPace() {
        if (done) {
            return;
        }
        long now = System.nanoTime();
        long waited = buffering ? now - startNanos : waitedNanos + (waitingSince == 0 ? 0 : now - waitingSince);
        long allowed = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis())
                + received * 1_000_000_000L / settings.minBytesPerSecond();
        if (waited <= allowed) {
            check = WorkerUtils.executeAfter(exchange.getIoThread(), this::checkPace, checkMillis, TimeUnit.MILLISECONDS);
            return;
        }
        String detail = received + " bytes in " + TimeUnit.NANOSECONDS.toMillis(waited) + " ms of waiting";
        if (buffering) {
            // No node is involved yet: answer 408 and close.
            done = true;
            release();
            settings.reporter().refuse(exchange, ClientFault.BODY_TIMEOUT, detail + " (before a node was chosen)");
        } else {
            // The proxy is streaming to a node: make its next read fail, so that it cuts the backend request off
            // (the node never gets a complete request) and ends the exchange; the error handler answers 408.
            tooSlow = true;
            settings.reporter().record(exchange, ClientFault.BODY_TOO_SLOW, detail + " (while streaming to a node)");
            exchange.setPersistent(false);
            channel.wakeupReads();
        }
    }

    private void stopChecking() {
        if (check != null) {
            check.remove();
            check = null;
        }
    }

    /** Returns the buffers to the pool; while the body is still ours, also stops reading. */
    private void release() {
        if (channel != null && buffering) {
            channel.getReadSetter().set(null);
            channel.suspendReads();
        }
        buffering = false;
        if (filling != null) {
            filling.close();
            filling = null;
        }
        if (buffered != null) {
            for (int i = 0; i < buffers; i++) {
                buffered[i].close();
            }
            buffered = null;
            buffers = 0;
        }
    }

    @Override
    public void exchangeEvent(HttpServerExchange ex, NextListener nextListener) {
        try {
            done = true;
            stopChecking();
            release();
        } finally {
            nextListener.proceed();
        }
    }

    @Override
    public StreamSourceConduit wrap(ConduitFactory<StreamSourceConduit> factory, HttpServerExchange ex) {
        return new Pace(factory.create());
    }

    /** Counts body bytes, the time spent waiting for them while streaming, and turns a broken read into an abort. */
    private final class Pace extends ReadThroughConduit {

        Pace(StreamSourceConduit next) {
            super(next);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return (int) counted(dst, null, 0, 0);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
            return counted(null, dsts, offs, len);
        }

        private long counted(ByteBuffer dst, ByteBuffer[] dsts, int offs, int len) throws IOException {
            if (tooSlow) {
                throw new BodyTooSlowException();
            }
            long read;
            try {
                read = dst != null ? next.read(dst) : next.read(dsts, offs, len);
            } catch (IOException e) {
                // A fault found deeper (invalid chunk, too large) was recorded first and wins; anything else on a
                // read from the client is the client going away.
                settings.reporter().record(exchange, ClientFault.ABORTED, "while sending its body: " + e.getMessage());
                throw e;
            }
            if (read > 0) {
                received += read;
            }
            return read;
        }



        @Override
        public void resumeReads() {
            if (!buffering && waitingSince == 0) {
                waitingSince = System.nanoTime();
            }
            super.resumeReads();
        }

        @Override
        public void wakeupReads() {
            resumeReads();
            super.wakeupReads();
        }

        @Override
        public void suspendReads() {
            if (waitingSince != 0) {
                waitedNanos += System.nanoTime() - waitingSince;
                waitingSince = 0;
            }
            super.suspendReads();
        }
    }

    /** The client fell below the minimum pace; an expected outcome of client input, so no stack trace. */
    static final class BodyTooSlowException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooSlowException() {
            super("request body too slow");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
