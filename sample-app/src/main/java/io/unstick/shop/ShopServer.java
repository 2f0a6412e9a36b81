package io.unstick.shop;

import io.unstick.shop.api.JsonIo;
import io.unstick.session.HazelcastSessionManager;
import io.unstick.shop.health.NodeReadiness;
import io.unstick.shop.health.Readiness;
import io.unstick.shop.health.SessionManagerReadiness;
import io.unstick.shop.management.ManagementServer;
import io.unstick.shop.management.NodeHealth;
import io.unstick.shop.metrics.ShopMetrics;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Manager;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One shop node: the shop on an embedded Tomcat 11, and its management listener. Whoever starts it owns it and
 * closes it.
 *
 * <pre>
 * try (ShopServer shop = ShopServer.start(new ShopConfig(Mode.STICKY, "node1", 0))) {
 *     System.out.println("http://127.0.0.1:" + shop.port() + ", metrics on " + shop.managementPort());
 * }
 * </pre>
 */
public final class ShopServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShopServer.class);

    private final Tomcat tomcat;
    private final Path baseDir;
    private final ShopConfig config;
    private final ShopMetrics metrics;
    private final NodeReadiness readiness;
    private ManagementServer management;

    private ShopServer(Tomcat tomcat, Path baseDir, ShopConfig config, ShopMetrics metrics, NodeReadiness readiness) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.config = config;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    public static ShopServer start(ShopConfig config) {
        Path baseDir = createBaseDir();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(config.port());
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", config.bindAddress());
        connector.setMaxPostSize(JsonIo.MAX_BODY_BYTES);
        // A node's client is a balancer's pool of keep-alive connections. Tomcat's default closes one after 100
        // requests, so every hundredth request through the balancer waited for a new connection.
        connector.setProperty("maxKeepAliveRequests", "-1");
        // jvmRoute makes session ids end in ".<node>", which the balancer's jsessionid routing reads.
        tomcat.getEngine().setJvmRoute(config.nodeName());

        // Errors no servlet answered: JSON under /api/, the shop's page elsewhere. Named as the Host's error report valve
        // class, so that Tomcat does not add its own HTML one next to it.
        tomcat.getHost().getPipeline().addValve(new ShopErrorValve(config.nodeName()));
        ((StandardHost) tomcat.getHost()).setErrorReportValveClass(ShopErrorValve.class.getName());

        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // Leak hunting is for redeploying into a long-lived container; an embedded node never redeploys.
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Manager manager = SessionManagers.install(config, tomcat.getEngine(), context);
        Rfc6265CookieProcessor cookies = new Rfc6265CookieProcessor();
        cookies.setSameSiteCookies("lax");
        context.setCookieProcessor(cookies);
        NodeReadiness readiness = new NodeReadiness(SessionManagerReadiness.of(manager));
        context.addServletContainerInitializer(
                new ShopInitializer(config.nodeName(), config.emptySessionTimeout(), readiness), null);

        // Metrics need the Manager, which only the embedded server holds; a WAR leaves them to its container.
        ShopMetrics metrics = new ShopMetrics(config.nodeName(), config.mode().label(), manager);
        ShopServer server = new ShopServer(tomcat, baseDir, config, metrics, readiness);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            server.close();
            throw new IllegalStateException("the shop could not start on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        if (connector.getLocalPort() < 0) {
            server.close();
            throw new IllegalStateException("the shop could not listen on " + config.bindAddress() + ":" + config.port()
                    + " (in use, or not an address of this machine?)");
        }
        try {
            server.management = ManagementServer.start(config.management(), metrics, () -> server.health(manager));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The public port: the shop, what the balancer forwards to. */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** The management port: {@code /metrics} and {@code /health} in detail. */
    public int managementPort() {
        return management.port();
    }

    public ShopConfig config() {
        return config;
    }

    /** What {@code GET /health/ready} answers; shutting down turns it DOWN. */
    public NodeReadiness readiness() {
        return readiness;
    }

    /** Blocks until the server is stopped. */
    public void await() {
        tomcat.getServer().await();
    }

    private NodeHealth health(Manager manager) {
        Readiness.Status ready = readiness.check();
        HazelcastSessionManager store = manager instanceof HazelcastSessionManager hazelcast ? hazelcast : null;
        return new NodeHealth(ready.ready() ? "UP" : "DOWN", config.nodeName(), config.mode().label(), ready.reason(),
                manager.getClass().getSimpleName(), manager.getActiveSessions(),
                store == null ? null : store.isClusterSafe(),
                store == null ? null : store.getStoreTimeoutMs());
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            log.warn("node {}: Tomcat did not stop cleanly: {}", config.nodeName(), e.getMessage(), e);
        } finally {
            if (management != null) {
                management.close();
            }
            metrics.close();
            deleteQuietly(baseDir);
        }
    }

    private static Path createBaseDir() {
        try {
            return Files.createTempDirectory("unstick-shop-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Tomcat's work directory", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete Tomcat's work directory {}: {}", dir, e.getMessage());
        }
    }
}
