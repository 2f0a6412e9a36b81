package io.unstick.balancer.config;

import io.unstick.balancer.routing.RoutingSpec;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the balancer needs, read once at start ({@link #fromEnv(Map)}) and never changed afterwards;
 * runtime changes (nodes, routing) go through the admin API.
 *
 * <p>Example:
 * <pre>
 * UNSTICK_BACKENDS=node1=http://127.0.0.1:8081,node2=http://127.0.0.1:8082 UNSTICK_MODE=sticky \
 *   java -jar balancer/target/unstick-balancer.jar
 * </pre>
 * Every variable is documented in {@code balancer/README.md}.
 */
public record BalancerConfig(
        String bindAddress,
        int port,
        String adminBindAddress,
        int adminPort,
        List<BackendSpec> backends,
        Mode mode,
        RoutingSpec routing,
        String cookieSecret,
        boolean cookieSecretGenerated,
        CookieSettings cookie,
        String adminToken,
        boolean trustForwarded,
        HealthSettings health,
        Limits limits,
        ClientLimits clientLimits,
        TlsSettings tls,
        Duration boundClientWindow,
        int ioThreads,
        boolean accessLog,
        Forwarder forwarder) {

    public BalancerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(adminBindAddress, "adminBindAddress");
        backends = List.copyOf(backends);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clientLimits, "clientLimits");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(forwarder, "forwarder");
        if (cookieSecret == null || cookieSecret.length() < 16) {
            throw new ConfigException("UNSTICK_COOKIE_SECRET", "must be at least 16 characters");
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new ConfigException("UNSTICK_ADMIN_TOKEN", "must be at least 16 characters");
        }
        if (adminToken == null && !isLoopback(adminBindAddress)) {
            throw new ConfigException("UNSTICK_ADMIN_BIND_ADDRESS", "without UNSTICK_ADMIN_TOKEN the admin API listens on a"
                    + " loopback address only (127.0.0.1, ::1 or localhost), got '" + adminBindAddress + "'; set a token to bind it elsewhere");
        }
        if (boundClientWindow.isZero() || boundClientWindow.isNegative()) {
            throw new ConfigException("UNSTICK_BOUND_CLIENT_WINDOW", "must be positive");
        }
        if (ioThreads < 1) {
            throw new ConfigException("UNSTICK_IO_THREADS", "must be at least 1");
        }
    }

    /**
     * Reads and validates the {@code UNSTICK_*} variables.
     *
     * @throws ConfigException naming the first variable that is malformed
     */
    public static BalancerConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        Mode mode = r.parsed("UNSTICK_MODE", Mode.SHARED, Mode::parse);
        RoutingSpec routing = r.parsed("UNSTICK_ROUTING", RoutingSpec.parse(mode.defaultRouting()), RoutingSpec::parse);
        String secret = r.raw("UNSTICK_COOKIE_SECRET");
        boolean generated = secret == null;
        if (generated) {
            secret = randomSecret();
        }
        String token = r.raw("UNSTICK_ADMIN_TOKEN");
        String sameSite = r.parsed("UNSTICK_COOKIE_SAMESITE", CookieSettings.defaults().sameSite(),
                v -> new CookieSettings(v, Duration.ZERO, Duration.ZERO).sameSite());
        HealthSettings h = HealthSettings.defaults();
        HealthSettings health = named("UNSTICK_HEALTH_*/UNSTICK_PASSIVE_*", () -> new HealthSettings(
                r.string("UNSTICK_HEALTH_PATH", h.path()),
                r.duration("UNSTICK_HEALTH_INTERVAL", h.interval()),
                r.duration("UNSTICK_HEALTH_TIMEOUT", h.timeout()),
                r.positiveInt("UNSTICK_HEALTH_FALL", h.fall()),
                r.positiveInt("UNSTICK_HEALTH_RISE", h.rise()),
                r.positiveInt("UNSTICK_PASSIVE_FAILURES", h.passiveFailures()),
                r.duration("UNSTICK_PASSIVE_WINDOW", h.passiveWindow()),
                r.duration("UNSTICK_PASSIVE_BACKOFF", h.passiveBackoff()),
                r.duration("UNSTICK_PASSIVE_BACKOFF_MAX", h.passiveBackoffMax())));
        Limits l = Limits.defaults();
        Limits limits = named("UNSTICK_MAX_*/UNSTICK_*_TIMEOUT/UNSTICK_REQUEST_*", () -> new Limits(
                (int) Math.min(Integer.MAX_VALUE, r.size("UNSTICK_MAX_HEADER_SIZE", l.maxHeaderBytes())),
                r.size("UNSTICK_MAX_BODY_SIZE", l.maxBodyBytes()),
                r.duration("UNSTICK_IDLE_TIMEOUT", l.idleTimeout()),
                r.duration("UNSTICK_REQUEST_HEADER_TIMEOUT", l.requestHeaderTimeout()),
                r.duration("UNSTICK_BACKEND_TIMEOUT", l.backendTimeout()),
                r.positiveInt("UNSTICK_MAX_CONNECTIONS", l.maxClientConnections()),
                r.positiveInt("UNSTICK_BACKEND_MAX_CONNECTIONS", l.backendMaxConnections()),
                r.nonNegativeInt("UNSTICK_MAX_RETRIES", l.maxRetries()),
                (int) Math.min(Integer.MAX_VALUE, r.size("UNSTICK_REQUEST_BUFFER_SIZE", l.requestBufferBytes())),
                r.duration("UNSTICK_REQUEST_BODY_TIMEOUT", l.requestBodyTimeout()),
                r.size("UNSTICK_REQUEST_BODY_MIN_RATE", l.requestBodyMinRate())));
        CookieSettings cookie = named("UNSTICK_COOKIE_*", () -> new CookieSettings(sameSite,
                r.duration("UNSTICK_COOKIE_MAX_IDLE", Duration.ZERO),
                r.duration("UNSTICK_COOKIE_MAX_LIFE", Duration.ZERO)));
        return new BalancerConfig(
                r.string("UNSTICK_BIND_ADDRESS", "0.0.0.0"),
                r.port("UNSTICK_PORT", 8080),
                r.string("UNSTICK_ADMIN_BIND_ADDRESS", token == null ? "127.0.0.1" : "0.0.0.0"),
                r.port("UNSTICK_ADMIN_PORT", 9090),
                r.parsed("UNSTICK_BACKENDS", List.of(), BackendSpec::parseList),
                mode,
                routing,
                secret,
                generated,
                cookie,
                token,
                r.bool("UNSTICK_TRUST_FORWARDED", false),
                health,
                limits,
                new ClientLimits(r.nonNegativeInt("UNSTICK_CLIENT_MAX_CONNECTIONS", 0),
                        r.nonNegativeInt("UNSTICK_CLIENT_REQUEST_RATE", 0),
                        r.nonNegativeInt("UNSTICK_CLIENT_SESSION_RATE", 0)),
                new TlsSettings(r.parsed("UNSTICK_TLS_CERT", null, Path::of), r.parsed("UNSTICK_TLS_KEY", null, Path::of),
                        r.port("UNSTICK_TLS_PORT", TlsSettings.DEFAULT_PORT), r.bool("UNSTICK_TLS_REDIRECT", false),
                        r.duration("UNSTICK_HSTS_MAX_AGE", Duration.ZERO), r.bool("UNSTICK_H2C", false)),
                r.duration("UNSTICK_BOUND_CLIENT_WINDOW", Duration.ofMinutes(30)),
                r.positiveInt("UNSTICK_IO_THREADS", Math.max(2, Runtime.getRuntime().availableProcessors())),
                r.bool("UNSTICK_ACCESS_LOG", false),
                r.parsed("UNSTICK_FORWARDER", Forwarder.XNIO, Forwarder::parse));
    }

    /** Rules across several variables live in the nested records; a failure names the group. */
    private static <T> T named(String variables, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variables, e.getMessage());
        }
    }

    /** The effective configuration for the startup log line: secrets masked. */
    public String describe() {
        return "port=" + bindAddress + ":" + port
                + " admin=" + adminBindAddress + ":" + adminPort
                + " backends=" + backends.stream().map(b -> b.name() + "=" + b.url()).toList()
                + " mode=" + mode.label()
                + " routing=" + routing
                + " cookieSecret=" + (cookieSecretGenerated ? "<random per start>" : "<set, masked>")
                + " cookie=" + cookie
                + " adminToken=" + (adminToken == null ? "<none: admin on loopback only>" : "<set, masked>")
                + " trustForwarded=" + trustForwarded
                + " health=" + health
                + " limits=" + limits
                + " clientLimits=" + (clientLimits.any() ? clientLimits : "off")
                + " tls=" + tls
                + " boundClientWindow=" + boundClientWindow
                + " ioThreads=" + ioThreads
                + " accessLog=" + accessLog
                + " forwarder=" + forwarder.label();
    }

    /** Never print secrets, even by accident in a debugger or exception message. */
    @Override
    public String toString() {
        return "BalancerConfig[" + describe() + "]";
    }

    /** Resolves once, at start, what the listener would bind anyway. */
    private static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException("UNSTICK_ADMIN_BIND_ADDRESS", "unknown address '" + address + "'");
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
