package io.unstick.balancer;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.unstick.balancer.admin.AdminApi;
import io.unstick.balancer.config.BackendSpec;
import io.unstick.balancer.config.BalancerConfig;
import io.unstick.balancer.config.Forwarder;
import io.unstick.balancer.config.Limits;
import io.unstick.balancer.config.TlsSettings;
import io.unstick.balancer.forward.BackendPools;
import io.unstick.balancer.forward.ForwardingHandler;
import io.unstick.balancer.guard.ClientLimitHandler;
import io.unstick.balancer.guard.ClientTable;
import io.unstick.balancer.guard.FaultReporter;
import io.unstick.balancer.guard.Http2StreamLimitHandler;
import io.unstick.balancer.guard.ProtocolGuardHandler;
import io.unstick.balancer.guard.RequestBodyHandler;
import io.unstick.balancer.guard.RequestLimitHandler;
import io.unstick.balancer.health.HealthChecker;
import io.unstick.balancer.listen.ProxyListener;
import io.unstick.balancer.metrics.BalancerMetrics;
import io.unstick.balancer.node.BoundClients;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeHealth;
import io.unstick.balancer.node.NodeRegistry;
import io.unstick.balancer.proxy.BalancerProxyClient;
import io.unstick.balancer.proxy.ErrorResponseHandler;
import io.unstick.balancer.proxy.ForwardedHeadersHandler;
import io.unstick.balancer.proxy.HopByHopHeadersHandler;
import io.unstick.balancer.proxy.SessionResetHandler;
import io.unstick.balancer.routing.AffinityCookieCodec;
import io.unstick.balancer.routing.NodeSelector;
import io.unstick.balancer.routing.RoutingStrategies;
import io.unstick.balancer.tls.HstsHandler;
import io.unstick.balancer.tls.HttpsRedirectHandler;
import io.unstick.balancer.tls.PemKeyMaterial;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The load balancer: a proxy listener, an admin listener, health checks and metrics, owned by whoever
 * creates it.
 *
 * <pre>
 * try (Balancer balancer = new Balancer(BalancerConfig.fromEnv(System.getenv()))) {
 *     balancer.start();
 *     System.out.println("proxy on " + balancer.port() + ", admin on " + balancer.adminPort());
 *     ...
 * }
 * </pre>
 * With port 0 in the config the OS picks free ports; {@link #port()} and {@link #adminPort()} tell which.
 */
public final class Balancer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Balancer.class);
    /** How long {@link #close()} lets requests in flight finish, as a load balancer's soft stop does. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final long STOP_POLL_MILLIS = 10;
    private static final Logger accessLog = LoggerFactory.getLogger("io.unstick.balancer.access");

    private final BalancerConfig config;
    private final BalancerMetrics metrics = new BalancerMetrics();
    private final FaultReporter faults = new FaultReporter(metrics);
    /** Null when no client limit is set: nothing is counted per address then. */
    private final ClientTable clients;
    private final NodeRegistry registry;
    private final NodeSelector selector;
    private final BalancerProxyClient proxyClient;
    /** Null unless {@code UNSTICK_FORWARDER=xnio}. */
    private final BackendPools forwardPools;
    private final HealthChecker healthChecker;
    private final AdminApi adminApi;
    /** Null without TLS. */
    private final SSLContext tls;
    private ProxyListener proxyServer;
    private Undertow adminServer;

    /**
     * @throws io.unstick.balancer.config.ConfigException if the TLS key or certificate cannot be used
     */
    public Balancer(BalancerConfig config) {
        this.config = config;
        this.tls = config.tls().enabled() ? loadTls(config.tls()) : null;
        AffinityCookieCodec codec = new AffinityCookieCodec(config.cookieSecret(), config.cookie());
        long window = config.boundClientWindow().toMillis();
        this.registry = new NodeRegistry(spec -> new Node(spec, codec.routeIdFor(spec.name()),
                new NodeHealth(config.health()), new BoundClients(window)));
        RoutingStrategies strategies = new RoutingStrategies(codec, config.cookie(), config.trustForwarded());
        this.selector = new NodeSelector(registry, strategies.create(config.routing()), metrics);
        this.proxyClient = new BalancerProxyClient(selector, metrics, metrics, config.limits().backendMaxConnections());
        registry.addListener(proxyClient);
        this.forwardPools = config.forwarder() == Forwarder.XNIO
                ? new BackendPools(metrics, config.limits().backendMaxConnections()) : null;
        if (forwardPools != null) {
            registry.addListener(forwardPools);
        }
        registry.addListener(metrics);
        for (BackendSpec backend : config.backends()) {
            registry.add(backend);
        }
        this.healthChecker = new HealthChecker(registry, config.health(), metrics);
        this.clients = config.clientLimits().any() ? new ClientTable(config.clientLimits(), faults) : null;
        if (clients != null) {
            metrics.trackClients(clients::size);
        }
        this.adminApi = new AdminApi(registry, selector, strategies, metrics, faults, config.mode());
    }

    /** Binds both listeners and starts health checks. */
    public synchronized Balancer start() {
        if (proxyServer != null) {
            throw new IllegalStateException("already started");
        }
        long started = System.nanoTime();
        Limits limits = config.limits();
        HttpHandler chain = proxyHandler();
        HttpHandler plain = config.tls().redirect()
                ? new ErrorResponseHandler(faults, limits.backendTimeout().toNanos(), new ProtocolGuardHandler(faults,
                        limits.maxHeaderBytes(), new HttpsRedirectHandler(() -> proxyServer.tlsAddress().getPort())))
                : chain;
        proxyServer = new ProxyListener(new ProxyListener.Settings(config.bindAddress(), config.port(), config.ioThreads(),
                limits, config.tls()), plain, chain, clients, tls);
        adminServer = Undertow.builder()
                .addHttpListener(config.adminPort(), config.adminBindAddress())
                .setIoThreads(1)
                .setWorkerThreads(1)
                .setHandler(adminApi.handler(config.adminToken()))
                .build();
        try {
            proxyServer.start();
            adminServer.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        healthChecker.start();
        log.info("unstick balancer {} started in {} ms: proxy on {}{}, admin on {}; {}",
                Objects.requireNonNullElse(Balancer.class.getPackage().getImplementationVersion(), "development build"),
                (System.nanoTime() - started) / 1_000_000, proxyServer.address(),
                tls == null ? "" : ", https on " + proxyServer.tlsAddress() + " (TLS 1.2/1.3, HTTP/2 by ALPN)"
                        + (config.tls().redirect() ? ", plain HTTP redirected" : ""),
                address(adminServer), config.describe());
        return this;
    }

    /** The handler chain, outermost first; each does one thing and calls the next. */
    private HttpHandler proxyHandler() {
        HttpHandler proxy = ProxyHandler.builder()
                .setProxyClient(proxyClient)
                .setMaxRequestTime((int) config.limits().backendTimeout().toMillis())
                .setMaxConnectionRetries(config.limits().maxRetries())
                .setReuseXForwarded(config.trustForwarded())
                .setRewriteHostHeader(false)
                .setNext(exchange -> exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE)) // no node: 503 + JSON
                .build();
        Limits limits = config.limits();
        if (forwardPools != null) {
            proxy = new ForwardingHandler(proxyClient, forwardPools, limits.maxRetries(), limits.backendTimeout().toMillis(),
                    config.trustForwarded(), proxy);
        }
        HttpHandler chain = new SessionResetHandler(metrics, proxy);
        chain = new ForwardedHeadersHandler(config.trustForwarded(), chain);
        chain = new HopByHopHeadersHandler(chain);
        chain = new RequestBodyHandler(limits.requestBufferBytes(), limits.requestBodyTimeout().toMillis(),
                limits.requestBodyMinRate(), faults, ErrorResponseHandler.catching(chain));
        chain = new RequestLimitHandler(limits.maxBodyBytes(), faults, chain);
        if (clients != null) {
            chain = new ClientLimitHandler(clients, config.trustForwarded(), faults, chain);
        }
        chain = new ProtocolGuardHandler(faults, limits.maxHeaderBytes(), chain);
        chain = new Http2StreamLimitHandler(ProxyListener.MAX_CONCURRENT_STREAMS, faults, chain);
        chain = new ErrorResponseHandler(faults, limits.backendTimeout().toNanos(), chain);
        if (!config.tls().hstsMaxAge().isZero()) {
            chain = new HstsHandler(config.tls().hstsMaxAge().toSeconds(), chain);
        }
        if (config.accessLog()) {
            chain = new AccessLogHandler(chain, accessLog::info, "combined", Balancer.class.getClassLoader());
        }
        return chain;
    }

    public BalancerConfig config() {
        return config;
    }

    public NodeRegistry nodes() {
        return registry;
    }

    public BalancerMetrics metrics() {
        return metrics;
    }

    /** The proxy listener's port; valid after {@link #start()}. */
    public synchronized int port() {
        if (proxyServer == null) {
            throw new IllegalStateException("balancer not started");
        }
        return proxyServer.address().getPort();
    }

    /** The HTTPS listener's port; valid after {@link #start()} with TLS. */
    public synchronized int tlsPort() {
        if (proxyServer == null || proxyServer.tlsAddress() == null) {
            throw new IllegalStateException("no HTTPS listener");
        }
        return proxyServer.tlsAddress().getPort();
    }

    /** The admin listener's port; valid after {@link #start()}. */
    public int adminPort() {
        return address(requireStarted(adminServer)).getPort();
    }

    /**
     * Waits for forwarded requests to end: cutting them off would fail them, and Undertow ends an exchange cut off by
     * the IO threads' shutdown with a task those threads no longer accept (an ERROR with a stack trace per request).
     */
    private void awaitRequestsInFlight(long graceMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        int inFlight = requestsInFlight();
        if (inFlight > 0) {
            log.info("stopping: waiting up to {} ms for {} requests in flight", graceMillis, inFlight);
        }
        while (inFlight > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(STOP_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            inFlight = requestsInFlight();
        }
        if (inFlight > 0) {
            log.warn("stopping: {} requests still in flight are cut off", inFlight);
        }
    }

    private int requestsInFlight() {
        int inFlight = 0;
        for (Node node : registry.snapshot().nodes()) {
            inFlight += node.inFlight();
        }
        return inFlight;
    }

    private static SSLContext loadTls(TlsSettings settings) {
        PemKeyMaterial material = PemKeyMaterial.load(settings.certificate(), settings.key());
        if (material.expiredOrNotYetValid(new java.util.Date())) {
            log.warn("the TLS certificate in {} is not valid now (valid {} to {}): clients will refuse it",
                    settings.certificate(), material.certificate().getNotBefore(), material.certificate().getNotAfter());
        }
        return material.sslContext();
    }

    private static Undertow requireStarted(Undertow server) {
        if (server == null) {
            throw new IllegalStateException("balancer not started");
        }
        return server;
    }

    private static InetSocketAddress address(Undertow server) {
        return (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    }

    /**
     * Stops accepting, ends keep-alive (idle HTTP/1.x connections close at once; every response says
     * {@code Connection: close} and its connection closes after it), lets the requests being forwarded finish (at most
     * {@link #STOP_GRACE} or the backend timeout, whichever is shorter), then closes the connections, health checks
     * and backend pools. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (proxyServer != null) {
            proxyServer.stopAccepting();
            int open = proxyServer.endKeepAlive();
            if (open > 0) {
                log.info("stopping: keep-alive ended on {} HTTP/1.x client connections (the idle ones closed now, the"
                        + " others after their response)", open);
            }
            awaitRequestsInFlight(Math.min(STOP_GRACE.toMillis(), config.limits().backendTimeout().toMillis()));
        }
        healthChecker.close();
        if (forwardPools != null) {
            forwardPools.close(); // before the IO threads stop: the idle connections are closed on them
        }
        if (proxyServer != null) {
            proxyServer.close();
        }
        if (adminServer != null) {
            adminServer.stop();
        }
        proxyClient.close();
        if (clients != null) {
            clients.close();
        }
        metrics.registry().close();
        log.info("unstick balancer stopped");
    }
}
