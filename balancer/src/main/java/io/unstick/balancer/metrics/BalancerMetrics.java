package io.unstick.balancer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpServerExchange;
import io.unstick.balancer.guard.ClientFault;
import io.unstick.balancer.guard.GuardEvents;
import io.unstick.balancer.node.HealthEvents;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeHealth;
import io.unstick.balancer.node.NodeRegistry;
import io.unstick.balancer.proxy.ProxyEvents;
import io.unstick.balancer.proxy.SessionResetHandler;
import io.unstick.balancer.routing.RoutingEvents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * All balancer metrics, in one Micrometer registry scraped as Prometheus text on the admin listener. Per-node
 * meters are created when a node joins and removed when it leaves, so the request path only looks them up.
 *
 * <pre>
 * unstick_requests_total{node,status}              responses by node and status class (1xx..5xx); node="none" if no node took it
 * unstick_request_duration_seconds{node}           latency histogram, balancer in to response complete
 * unstick_in_flight_requests{node}                 requests being forwarded now
 * unstick_node_up{node}                            1 if healthy, 0 if down
 * unstick_node_bound_clients{node}                 distinct affine clients seen within the idle window
 * unstick_retries_total{node}                      requests retried elsewhere after failing on node
 * unstick_redispatches_total{from}                 bound clients moved because their node was unavailable
 * unstick_invalid_cookies_total{reason}            affinity cookies ignored: malformed, bad-signature, expired
 * unstick_session_resets_total{node}               responses setting a new JSESSIONID for a client that sent one
 * unstick_health_checks_total{node,result}         active probes by outcome (ok, not-ready, failed)
 * unstick_node_transitions_total{node,to,cause}    a node went up or down: to (up, down), cause (not-ready,
 *                                                  probes-failed, passive, probes-ok)
 * unstick_passive_failures_total{node}             connection failures (refused, reset) while forwarding
 * unstick_panic_routes_total{node}                 requests sent to a node marked down because none was up
 * unstick_refused_requests_total{reason}           requests refused or cut off for the client's fault (ClientFault labels)
 * unstick_client_aborts_total                      clients that went away mid-request (never a node's error)
 * unstick_client_addresses                         client addresses the per-client limits remember now (bounded)
 * </pre>
 */
public final class BalancerMetrics implements RoutingEvents, ProxyEvents, SessionResetHandler.Sink, NodeRegistry.Listener,
        GuardEvents, HealthEvents {

    private static final String NO_NODE = "none";
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<Node, NodeMeters> byNode = new ConcurrentHashMap<>();
    private final NodeMeters noNode;
    /** By {@link ClientFault#ordinal()}, registered up front: a flood of bad requests costs no meter lookups. */
    private final Counter[] clientFaults = new Counter[ClientFault.values().length];

    public BalancerMetrics() {
        noNode = new NodeMeters(NO_NODE, null);
        for (ClientFault fault : ClientFault.values()) {
            clientFaults[fault.ordinal()] = fault == ClientFault.ABORTED
                    ? Counter.builder("unstick.client.aborts").description("Clients that went away mid-request").register(registry)
                    : Counter.builder("unstick.refused.requests").description("Requests refused or cut off for the client's fault")
                            .tag("reason", fault.label).register(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void nodeAdded(Node node) {
        byNode.put(node, new NodeMeters(node.name(), node));
    }

    @Override
    public void nodeRemoved(Node node) {
        NodeMeters meters = byNode.remove(node);
        if (meters != null) {
            meters.meters.forEach(registry::remove);
        }
    }

    @Override
    public void completed(HttpServerExchange exchange, Node node, long durationNanos) {
        NodeMeters meters = node == null ? noNode : byNode.getOrDefault(node, noNode);
        int statusClass = exchange.getStatusCode() / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            meters.requests[statusClass - 1].increment();
        }
        meters.latency.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void retried(Node failed) {
        NodeMeters meters = byNode.get(failed);
        if (meters != null) {
            meters.retries.increment();
        }
    }

    @Override
    public void redispatched(Node from, Node to) {
        registry.counter("unstick.redispatches", "from", from == null ? "unknown" : from.name()).increment();
    }

    @Override
    public void invalidCookie(String reason) {
        registry.counter("unstick.invalid.cookies", "reason", reason).increment();
    }

    @Override
    public void sessionReset(Node node) {
        registry.counter("unstick.session.resets", "node", node == null ? NO_NODE : node.name()).increment();
    }

    /** Exposes how many client addresses the per-client limits remember. */
    public void trackClients(IntSupplier size) {
        Gauge.builder("unstick.client.addresses", size, IntSupplier::getAsInt).strongReference(true) // a method reference
                .description("Client addresses the per-client limits remember now").register(registry);      // nothing else holds
    }

    @Override
    public void clientFault(ClientFault fault) {
        clientFaults[fault.ordinal()].increment();
    }

    /** One active probe's outcome, counted so flapping shows. */
    @Override
    public void probed(Node node, NodeHealth.Probe result) {
        String label = switch (result) {
            case OK -> "ok";
            case NOT_READY -> "not-ready";
            case FAILED -> "failed";
        };
        registry.counter("unstick.health.checks", "node", node.name(), "result", label).increment();
    }

    @Override
    public void transition(Node node, boolean up, NodeHealth.Cause cause) {
        registry.counter("unstick.node.transitions", "node", node.name(), "to", up ? "up" : "down", "cause", cause.label)
                .increment();
    }

    @Override
    public void passiveFailure(Node node) {
        NodeMeters meters = byNode.get(node);
        if (meters != null) {
            meters.passiveFailures.increment();
        }
    }

    @Override
    public void panicRouted(Node to) {
        NodeMeters meters = byNode.get(to);
        if (meters != null) {
            meters.panicRoutes.increment();
        }
    }

    private final class NodeMeters {
        final List<Meter> meters = new ArrayList<>();
        final Counter[] requests = new Counter[STATUS_CLASSES.length];
        final Timer latency;
        final Counter retries;
        final Counter passiveFailures;
        final Counter panicRoutes;

        NodeMeters(String name, Node node) {
            for (int i = 0; i < STATUS_CLASSES.length; i++) {
                requests[i] = add(Counter.builder("unstick.requests").description("Responses by node and status class")
                        .tag("node", name).tag("status", STATUS_CLASSES[i]).register(registry));
            }
            latency = add(Timer.builder("unstick.request.duration").description("Request latency through the balancer")
                    .tag("node", name).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
            retries = add(Counter.builder("unstick.retries").description("Requests retried on another node after failing here")
                    .tag("node", name).register(registry));
            if (node == null) { // the meters of requests no node took: no node state to show
                passiveFailures = null;
                panicRoutes = null;
                return;
            }
            passiveFailures = add(Counter.builder("unstick.passive.failures")
                    .description("Connection failures (refused, reset) to the node while forwarding").tag("node", name).register(registry));
            panicRoutes = add(Counter.builder("unstick.panic.routes")
                    .description("Requests sent to the node while marked down, because no node was up").tag("node", name).register(registry));
            // registered with the node, not on the first event: a dashboard or an alert rule sees 0, not "no data"
            add(Counter.builder("unstick.session.resets")
                    .description("Responses setting a new JSESSIONID for a client that sent one").tag("node", name).register(registry));
            add(Counter.builder("unstick.redispatches")
                    .description("Bound clients moved off the node because it was unavailable").tag("from", name).register(registry));
            add(Gauge.builder("unstick.in.flight.requests", node, Node::inFlight)
                    .description("Requests being forwarded to the node").tag("node", name).register(registry));
            add(Gauge.builder("unstick.node.up", node, n -> n.health().isUp() ? 1 : 0)
                    .description("1 if the node is healthy").tag("node", name).register(registry));
            add(Gauge.builder("unstick.node.bound.clients", node, n -> n.boundClients().count(System.currentTimeMillis()))
                    .description("Distinct affine clients seen within the idle window").tag("node", name).register(registry));
        }

        private <M extends Meter> M add(M meter) {
            meters.add(meter);
            return meter;
        }
    }
}
