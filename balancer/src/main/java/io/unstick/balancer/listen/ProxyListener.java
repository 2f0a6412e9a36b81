package io.unstick.balancer.listen;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import io.undertow.server.protocol.http2.Http2UpgradeHandler;
import io.unstick.balancer.config.Limits;
import io.unstick.balancer.config.TlsSettings;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's listening sockets, built from Undertow's parts the way {@code Undertow.start()} builds them, with
 * {@link GuardedOpenListener} in front of every HTTP/1.1 connection: the balancer has to see each connection and its
 * raw request lines before Undertow's parser does, which {@code Undertow.builder()} offers no hook for.
 * <ul>
 *   <li>plain HTTP/1.1 on {@code port} (HTTP/2 prior knowledge and {@code Upgrade: h2c} too when asked);</li>
 *   <li>with TLS, HTTPS on the TLS port: TLS 1.2 and 1.3, HTTP/2 or HTTP/1.1 by ALPN.</li>
 * </ul>
 * <pre>
 * try (ProxyListener listener = new ProxyListener(settings, plainHandler, tlsHandler, null, null)) {
 *     listener.start();
 *     int port = listener.address().getPort();
 * }
 * </pre>
 */
public final class ProxyListener implements AutoCloseable {

    /** Where and how to listen. */
    public record Settings(String bindAddress, int port, int ioThreads, Limits limits, TlsSettings tls) {
    }

    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    /**
     * Streams one HTTP/2 connection may have open at once, as HAProxy (nginx allows 128): advertised in SETTINGS
     * here, enforced by {@link io.unstick.balancer.guard.Http2StreamLimitHandler} (Undertow only advertises it).
     */
    public static final int MAX_CONCURRENT_STREAMS = 100;
    /**
     * Rapid reset (CVE-2023-44487): a connection that resets more than this many streams in {@link #RST_WINDOW_MILLIS}
     * gets GOAWAY ENHANCE_YOUR_CALM and is closed. Undertow's default is 200 in 30 s; a browser that cancels
     * navigations and fetches stays far below 100.
     */
    private static final int MAX_RST_FRAMES_PER_WINDOW = 100;
    private static final int RST_WINDOW_MILLIS = 30_000;

    private final Settings settings;
    private final HttpHandler plainHandler;
    private final HttpHandler tlsHandler;
    private final ConnectionCounter clients;
    private final SSLContext ssl;
    private final SoftStop softStop = new SoftStop();
    private XnioWorker worker;
    private AcceptingChannel<StreamConnection> plain;
    private AcceptingChannel<? extends StreamConnection> secure;

    /**
     * @param tlsHandler the HTTPS listener's handler; ignored without TLS
     * @param clients    where connections are counted per client address, or null when no client limit is set
     * @param ssl        the HTTPS listener's key and certificate, or null without TLS
     */
    public ProxyListener(Settings settings, HttpHandler plainHandler, HttpHandler tlsHandler, ConnectionCounter clients, SSLContext ssl) {
        this.settings = settings;
        this.plainHandler = plainHandler;
        this.tlsHandler = tlsHandler;
        this.clients = clients;
        this.ssl = ssl;
    }

    /** Binds and starts accepting; a taken port or unknown address fails here, as an unchecked exception. */
    public synchronized void start() {
        if (worker != null) {
            throw new IllegalStateException("already started");
        }
        int port = settings.port();
        try {
            Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, "unstick-proxy")
                    .set(Options.WORKER_IO_THREADS, settings.ioThreads())
                    // forwarding never leaves the IO threads; the task pool only runs Undertow's rare blocking work
                    .set(Options.WORKER_TASK_CORE_THREADS, settings.ioThreads())
                    .set(Options.WORKER_TASK_MAX_THREADS, settings.ioThreads())
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                    .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
            DefaultByteBufferPool buffers = bufferPool();
            boolean h2c = settings.tls().h2c();
            HttpOpenListener http = new HttpOpenListener(buffers, httpOptions(h2c));
            http.setRootHandler(h2c ? new Http2UpgradeHandler(plainHandler) : plainHandler);
            plain = worker.createStreamConnectionServer(address(port),
                    new Acceptor<>(new GuardedOpenListener(http, idleMillis(), clients, true, softStop)), socketOptions());
            plain.resumeAccepts();
            if (ssl != null) {
                port = settings.tls().port();
                secure = startTls(xnio, buffers);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on " + settings.bindAddress() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // XNIO's SSL server takes a raw listener, as in Undertow.start()
    private AcceptingChannel<? extends StreamConnection> startTls(Xnio xnio, DefaultByteBufferPool buffers) throws IOException {
        HttpOpenListener http = new HttpOpenListener(buffers, httpOptions(false));
        http.setRootHandler(tlsHandler);
        Http2OpenListener h2 = new Http2OpenListener(buffers, http2Options());
        h2.setRootHandler(tlsHandler);
        AlpnOpenListener alpn = new AlpnOpenListener(buffers, http2Options(), new GuardedOpenListener(http, idleMillis(), clients, false, softStop));
        CountedOpenListener countedH2 = new CountedOpenListener(h2, clients);
        alpn.addProtocol(Http2OpenListener.HTTP2, countedH2, 10);
        alpn.addProtocol(Http2OpenListener.HTTP2_14, countedH2, 7);
        UndertowXnioSsl xnioSsl = new UndertowXnioSsl(xnio, OptionMap.create(Options.USE_DIRECT_BUFFERS, true), ssl);
        OptionMap options = OptionMap.builder().addAll(socketOptions())
                .setSequence(Options.SSL_ENABLED_PROTOCOLS, "TLSv1.3", "TLSv1.2")
                .getMap();
        AcceptingChannel<? extends StreamConnection> server = xnioSsl.createSslConnectionServer(worker,
                address(settings.tls().port()), (ChannelListener) new Acceptor<>(
                        new HandshakeDeadline(alpn, settings.limits().requestHeaderTimeout().toMillis())), options);
        server.resumeAccepts();
        return server;
    }

    private InetSocketAddress address(int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), port);
    }

    private long idleMillis() {
        return settings.limits().idleTimeout().toMillis();
    }

    private OptionMap socketOptions() {
        return OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, settings.ioThreads())
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000)
                .set(Options.CONNECTION_HIGH_WATER, settings.limits().maxClientConnections())
                .set(Options.CONNECTION_LOW_WATER, settings.limits().maxClientConnections())
                .getMap();
    }

    /** HTTP/1.1 options; no {@code IDLE_TIMEOUT}: {@link GuardedOpenListener} applies it. */
    private OptionMap httpOptions(boolean h2c) {
        Limits limits = settings.limits();
        return OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes())
                // Unlimited here: Undertow fixes a chunked body's limit when it parses the headers and reports a
                // breach with a stack trace on stderr. RequestLimitHandler enforces the limit per request instead.
                .set(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestHeaderTimeout().toMillis())
                .set(UndertowOptions.ALWAYS_SET_DATE, true)
                .set(UndertowOptions.ENABLE_HTTP2, h2c)
                .addAll(h2c ? http2Settings() : OptionMap.EMPTY)
                .getMap();
    }

    /** HTTP/2 options: Undertow's HTTP/2 listener applies the idle timeout itself. */
    private OptionMap http2Options() {
        Limits limits = settings.limits();
        return OptionMap.builder()
                .set(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes())
                .set(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .set(UndertowOptions.IDLE_TIMEOUT, (int) limits.idleTimeout().toMillis())
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestHeaderTimeout().toMillis())
                .set(UndertowOptions.ALWAYS_SET_DATE, true)
                .addAll(http2Settings())
                .getMap();
    }

    private OptionMap http2Settings() {
        return OptionMap.builder()
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, MAX_CONCURRENT_STREAMS)
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, settings.limits().maxHeaderBytes())
                .set(UndertowOptions.HTTP2_SETTINGS_ENABLE_PUSH, false)
                .set(UndertowOptions.MAX_RST_FRAMES_PER_WINDOW, MAX_RST_FRAMES_PER_WINDOW)
                .set(UndertowOptions.RST_FRAMES_TIME_WINDOW, RST_WINDOW_MILLIS)
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

    /** The plain listener's bound address; with port 0 the OS chose the port. */
    public synchronized InetSocketAddress address() {
        if (plain == null) {
            throw new IllegalStateException("not started");
        }
        return plain.getLocalAddress(InetSocketAddress.class);
    }

    /** The HTTPS listener's bound address, or null without TLS. */
    public synchronized InetSocketAddress tlsAddress() {
        return secure == null ? null : secure.getLocalAddress(InetSocketAddress.class);
    }

    /** Closes the listening sockets; the connections already open stay. Idempotent. */
    public synchronized void stopAccepting() {
        IoUtils.safeClose(plain);
        IoUtils.safeClose(secure);
        plain = null;
        secure = null;
    }

    /**
     * Ends keep-alive on the HTTP/1.x connections open now ({@link SoftStop}): the idle ones close at once, the others
     * after their response, which says {@code Connection: close}; so does every response after this call. HTTP/2
     * connections stay open until {@link #close()}. Call it after {@link #stopAccepting()}.
     *
     * @return how many HTTP/1.x connections were open and still keep-alive
     */
    public int endKeepAlive() {
        return softStop.begin();
    }

    /** Stops accepting, closes connections and the IO threads. Idempotent. */
    @Override
    public synchronized void close() {
        stopAccepting();
        if (worker != null) {
            awaitIoThreadsTasks();
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

    /**
     * Lets each IO thread finish the task it is running: a request that ended just now completes its exchange in the
     * same task (its connection's next read is scheduled there), and an IO thread already shutting down refuses that.
     */
    private void awaitIoThreadsTasks() {
        CountDownLatch done = new CountDownLatch(worker.getIoThreadCount());
        for (int i = 0; i < worker.getIoThreadCount(); i++) {
            worker.getIoThread(i).execute(done::countDown);
        }
        try {
            done.await(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
