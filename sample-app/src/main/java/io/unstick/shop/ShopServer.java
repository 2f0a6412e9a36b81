package io.unstick.shop;

import org.apache.catalina.core.StandardContext;
import io.unstick.shop.api.JsonIo;
import io.unstick.shop.health.NodeReadiness;
import io.unstick.shop.health.SessionManagerReadiness;
import io.unstick.shop.metrics.MetricsServlet;
import io.unstick.shop.metrics.ShopMetrics;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Manager;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
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
 * One shop node: the shop on an embedded Tomcat 11. Whoever starts it owns it and closes it.
 *
 * <pre>
 * try (ShopServer shop = ShopServer.start(new ShopConfig(Mode.STICKY, "node1", 0))) {
 *     System.out.println("http://127.0.0.1:" + shop.port());
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
        connector.setMaxPostSize(JsonIo.MAX_BODY_BYTES);
        // jvmRoute makes session ids end in ".<node>", which the balancer's jsessionid routing reads.
        tomcat.getEngine().setJvmRoute(config.nodeName());

        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);

        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // Leak hunting is for redeploying into a long-lived container; an embedded node never redeploys.
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Manager manager = SessionManagers.forConfig(config);
        context.setManager(manager);
        Rfc6265CookieProcessor cookies = new Rfc6265CookieProcessor();
        cookies.setSameSiteCookies("lax");
        context.setCookieProcessor(cookies);
        NodeReadiness readiness = new NodeReadiness(SessionManagerReadiness.of(manager));
        context.addServletContainerInitializer(new ShopInitializer(config.nodeName(), readiness), null);

        // Metrics need the Manager, which only the embedded server holds; a WAR leaves them to its container.
        ShopMetrics metrics = new ShopMetrics(config.nodeName(), config.mode().label(), manager);
        Tomcat.addServlet(context, "metrics", new MetricsServlet(metrics));
        context.addServletMappingDecoded("/metrics", "metrics");

        ShopServer server = new ShopServer(tomcat, baseDir, config, metrics, readiness);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            server.close();
            throw new IllegalStateException("the shop could not start on port " + config.port() + ": " + e.getMessage(), e);
        }
        if (connector.getLocalPort() < 0) {
            server.close();
            throw new IllegalStateException("the shop could not listen on port " + config.port() + " (in use?)");
        }
        return server;
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
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

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            log.warn("node {}: Tomcat did not stop cleanly: {}", config.nodeName(), e.getMessage(), e);
        } finally {
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
