package io.unstick.lab.bench.sessions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The load's HTTP/1.1 keep-alive connections to one address, driven by one IO thread: a request goes out on an idle
 * connection, or a new one up to {@code maxConnections}, or waits its turn. Answers complete on that thread as soon
 * as their last byte is read.
 * <p>
 * Why not the JDK's {@code HttpClient}: on 2 CPUs it cost the bench 1.1-1.4 ms of CPU per request (a thread started
 * per answer, tasks handed between its selector and its executor), as much as the stack it measured. Once a cold
 * stack made 256 requests wait, it read the answers seconds late while the stack sat idle, and the bench charged
 * those seconds to the stack (docs/BENCHMARKS.md, hybrid's stall). This reads every answer when it arrives.
 */
final class LoadConnections implements AutoCloseable {

    private static final int READ_BUFFER = 64 * 1024;

    private final InetSocketAddress address;
    private final int maxConnections;
    private final long timeoutNanos;
    private final Selector selector;
    private final Thread io;
    private final Queue<Exchange> submitted = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> open = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private volatile boolean closed;

    LoadConnections(InetSocketAddress address, int maxConnections, Duration timeout) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("at least one connection, but was " + maxConnections);
        }
        this.address = address;
        this.maxConnections = maxConnections;
        this.timeoutNanos = timeout.toNanos();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector for the load: " + e.getMessage(), e);
        }
        this.io = new Thread(this::loop, "bench-load-io");
        io.setDaemon(true);
        io.start();
    }

    /** Sends the request's bytes; the answer, or a {@link HttpTimeoutException} or {@link IOException}. */
    CompletableFuture<ResponseReader.Answer> send(byte[] request) {
        Exchange exchange = new Exchange(ByteBuffer.wrap(request), System.nanoTime() + timeoutNanos);
        if (closed) {
            exchange.answer.completeExceptionally(new IOException("the load's connections are closed"));
            return exchange.answer;
        }
        submitted.add(exchange);
        selector.wakeup();
        return exchange.answer;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            io.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (!closed) {
                selector.select(100);
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    ready((Connection) key.attachment(), key);
                }
                for (Exchange next; (next = submitted.poll()) != null; ) {
                    waiting.add(next);
                }
                dispatch();
                expire(System.nanoTime());
            }
        } catch (IOException | ClosedSelectorException e) {
            failAll(new IOException("the load's selector failed: " + e.getMessage(), e));
        } finally {
            failAll(new IOException("the load's connections are closed"));
            try {
                selector.close();
            } catch (IOException e) {
                // closing at the end of a run: nothing is left to tell
            }
        }
    }

    private void dispatch() {
        while (!waiting.isEmpty()) {
            Connection connection = idle.pollFirst();
            if (connection == null) {
                if (open.size() >= maxConnections) {
                    return;
                }
                connection = connect();
                if (connection == null) {
                    continue;
                }
            }
            connection.start(waiting.pollFirst());
        }
    }

    private Connection connect() {
        try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection connection = new Connection(channel);
            boolean connected = channel.connect(address);
            connection.key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, connection);
            connection.connected = connected;
            open.add(connection);
            return connection;
        } catch (IOException e) {
            waiting.pollFirst().answer.completeExceptionally(
                    new IOException("cannot connect to " + address + ": " + e.getMessage(), e));
            return null;
        }
    }

    private void ready(Connection connection, SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable() && connection.channel.finishConnect()) {
                connection.connected = true;
                connection.flush();
            }
            if (key.isValid() && key.isWritable()) {
                connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
                connection.read();
            }
        } catch (IOException | RuntimeException e) {
            connection.fail(e instanceof IOException failed ? failed : new IOException("a bad answer: " + e.getMessage(), e));
        }
    }

    private void expire(long now) {
        for (Connection connection : open.toArray(new Connection[0])) {
            if (connection.exchange != null && now - connection.exchange.deadline > 0) {
                connection.fail(new HttpTimeoutException("no answer within " + timeoutNanos / 1_000_000 + " ms"));
            }
        }
        for (Iterator<Exchange> it = waiting.iterator(); it.hasNext(); ) {
            Exchange exchange = it.next();
            if (now - exchange.deadline > 0) {
                it.remove();
                exchange.answer.completeExceptionally(new HttpTimeoutException("no connection within "
                        + timeoutNanos / 1_000_000 + " ms"));
            }
        }
    }

    private void failAll(IOException cause) {
        for (Connection connection : open.toArray(new Connection[0])) {
            connection.fail(cause);
        }
        for (Exchange next; (next = submitted.poll()) != null; ) {
            waiting.add(next);
        }
        for (Exchange exchange; (exchange = waiting.poll()) != null; ) {
            exchange.answer.completeExceptionally(cause);
        }
    }

    private record Exchange(ByteBuffer request, long deadline, CompletableFuture<ResponseReader.Answer> answer) {
        Exchange(ByteBuffer request, long deadline) {
            this(request, deadline, new CompletableFuture<>());
        }
    }

    /** One socket: at most one exchange at a time (no pipelining). */
    private final class Connection {

        private final SocketChannel channel;
        private final ResponseReader reader = new ResponseReader();
        private SelectionKey key;
        private boolean connected;
        private Exchange exchange;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void start(Exchange next) {
            exchange = next;
            try {
                if (connected) {
                    flush();
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        void flush() throws IOException {
            if (exchange == null) {
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            channel.write(exchange.request);
            key.interestOps(exchange.request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                fail(new IOException("the server closed the connection"
                        + (exchange == null ? "" : " before the answer was complete")));
                return;
            }
            readBuffer.flip();
            if (exchange == null) {
                if (readBuffer.hasRemaining()) {
                    fail(new IOException("bytes from the server with no request outstanding"));
                }
                return;
            }
            if (reader.read(readBuffer)) {
                ResponseReader.Answer answer = reader.take();
                Exchange done = exchange;
                exchange = null;
                if (answer.close() || readBuffer.hasRemaining()) {
                    drop();
                } else {
                    idle.addFirst(this);
                }
                done.answer.complete(answer);
            }
        }

        void fail(IOException cause) {
            Exchange failed = exchange;
            exchange = null;
            drop();
            if (failed != null) {
                failed.answer.completeExceptionally(cause);
            }
        }

        private void drop() {
            open.remove(this);
            idle.remove(this);
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                // the connection is being dropped anyway
            }
        }
    }
}
