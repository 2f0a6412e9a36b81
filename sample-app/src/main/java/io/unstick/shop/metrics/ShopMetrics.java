package io.unstick.shop.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.binder.tomcat.TomcatMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.unstick.session.HazelcastSessionManager;
import io.unstick.session.micrometer.SessionStoreMeterBinder;
import org.apache.catalina.Manager;

/**
 * A node's metrics, scraped at {@code GET /metrics} as Prometheus text: the JVM, Tomcat (sessions, threads,
 * requests) and, in shared and hybrid modes, the session store's counters. Every meter is tagged with the node
 * and the mode, so one dashboard can compare nodes and modes. Owned by the server, closed with it.
 */
public final class ShopMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ShopMetrics(String nodeName, String mode, Manager manager) {
        registry.config().commonTags("node", nodeName, "mode", mode);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new TomcatMetrics(manager, Tags.empty()).bindTo(registry);
        if (manager instanceof HazelcastSessionManager store) {
            new SessionStoreMeterBinder(store.getMetrics()).bindTo(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
