package io.unstick.balancer.listen;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.unstick.balancer.config.Limits;
import io.unstick.balancer.guard.ClientTable;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's listening socket, built from Undertow's parts the way {@code Undertow.start()} builds them, with
 * {@link GuardedOpenListener} in front of the HTTP/1.1 listener: the balancer has to see each connection and its
 * raw request lines before Undertow's parser does, which {@code Undertow.builder()} offers no hook for.
 *
 * <pre>
 * try (ProxyListener listener = new ProxyListener("127.0.0.1", 0, 2, limits, handler, null)) {
 *     listener.start();
 *     int port = listener.address().getPort();
 * }
 * </pre>
 */
public final class ProxyListener implements AutoCloseable {

    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final String bindAddress;
    private final int port;
    private final int ioThreads;
    private final Limits limits;
    private final HttpHandler handler;
    private final ClientTable clients;
    private XnioWorker worker;
    private AcceptingChannel<StreamConnection> server;

    /**
     * @param clients where connections are counted per client address, or null when no client limit is set
     */
    public ProxyListener(String bindAddress, int port, int ioThreads, Limits limits, HttpHandler handler, ClientTable clients) {
        this.bindAddress = bindAddress;
        this.port = port;
        this.ioThreads = ioThreads;
        this.limits = limits;
        this.handler = handler;
        this.clients = clients;
    }

    /** Binds and starts accepting; a taken port or unknown address fails here, as an unchecked exception. */
    public synchronized void start() {
        if (worker != null) {
            throw new IllegalStateException("already started");
        }
        try {
            Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, "unstick-proxy")
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    // forwarding never leaves the IO threads; the task pool only runs Undertow's rare blocking work
                    .set(Options.WORKER_TASK_CORE_THREADS, ioThreads)
                    .set(Options.WORKER_TASK_MAX_THREADS, ioThreads)
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                    .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
            OptionMap socketOptions = OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BALANCING_TOKENS, 1)
                    .set(Options.BALANCING_CONNECTIONS, 2)
                    .set(Options.BACKLOG, 1000)
                    .set(Options.CONNECTION_HIGH_WATER, limits.maxClientConnections())
                    .set(Options.CONNECTION_LOW_WATER, limits.maxClientConnections())
                    .getMap();
            HttpOpenListener http = new HttpOpenListener(bufferPool(), httpOptions());
            http.setRootHandler(handler);
            GuardedOpenListener open = new GuardedOpenListener(http, limits.idleTimeout().toMillis(), clients);
            server = worker.createStreamConnectionServer(new InetSocketAddress(InetAddress.getByName(bindAddress), port),
                    ChannelListeners.openListenerAdapter(open), socketOptions);
            server.resumeAccepts();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** HTTP/1.1 options; no {@code IDLE_TIMEOUT}: {@link GuardedOpenListener} applies it. */
    private OptionMap httpOptions() {
        return OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes())
                // Unlimited here: Undertow fixes a chunked body's limit when it parses the headers and reports a
                // breach with a stack trace on stderr. RequestLimitHandler enforces the limit per request instead.
                .set(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestHeaderTimeout().toMillis())
                .set(UndertowOptions.ALWAYS_SET_DATE, true)
                .getMap();
    }

    /** Undertow's default pool for a heap of this size. */
    private static DefaultByteBufferPool bufferPool() {
        long maxMemory = Runtime.getRuntime().maxMemory();
        if (maxMemory < 64L * 1024 * 1024) {
            return new DefaultByteBufferPool(false, 512, -1, 4);
        }
        return new DefaultByteBufferPool(true, maxMemory < 128L * 1024 * 1024 ? 1024 : 16 * 1024 - 20, -1, 4);
    }

    /** The bound address; with port 0 the OS chose the port. */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getLocalAddress(InetSocketAddress.class);
    }

    /** Stops accepting, closes connections and the IO threads. Idempotent. */
    @Override
    public synchronized void close() {
        IoUtils.safeClose(server);
        server = null;
        if (worker != null) {
            worker.shutdown();
            try {
                if (!worker.awaitTermination(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    worker.shutdownNow();
                }
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }
}
