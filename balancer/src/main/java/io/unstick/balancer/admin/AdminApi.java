package io.unstick.balancer.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.unstick.balancer.config.BackendSpec;
import io.unstick.balancer.config.Mode;
import io.unstick.balancer.guard.FaultReporter;
import io.unstick.balancer.metrics.BalancerMetrics;
import io.unstick.balancer.node.AdminState;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;
import io.unstick.balancer.routing.NodeSelector;
import io.unstick.balancer.routing.RoutingSpec;
import io.unstick.balancer.routing.RoutingStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The admin listener's endpoints.
 *
 * <pre>
 * GET    /admin/nodes                        all nodes: [{"name","url","state","inFlight","requests","boundClients"}]
 * GET    /admin/nodes/{name}                 one node
 * POST   /admin/nodes                        {"name":"node4","url":"http://127.0.0.1:8084"} adds a node (201)
 * DELETE /admin/nodes/{name}                 removes a node (its bound clients move)
 * POST   /admin/nodes/{name}/drain           only clients already bound to it
 * POST   /admin/nodes/{name}/disable         nothing
 * POST   /admin/nodes/{name}/enable          everything again
 * GET    /admin/routing                      {"routing":"cookie","mode":"sticky"}
 * PUT    /admin/routing                      {"routing":"least-requests"} switches at once, no restart
 * GET    /metrics                            Prometheus text
 * </pre>
 * Unknown nodes give 404, malformed bodies 400, an existing name on add 409, a write without
 * {@code Content-Type: application/json} 415, a cross-site browser request 403; always {@code {"error":...}}.
 */
public final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final NodeRegistry registry;
    private final NodeSelector selector;
    private final RoutingStrategies strategies;
    private final BalancerMetrics metrics;
    private final FaultReporter faults;
    private final Mode mode;

    public AdminApi(NodeRegistry registry, NodeSelector selector, RoutingStrategies strategies,
                    BalancerMetrics metrics, FaultReporter faults, Mode mode) {
        this.registry = registry;
        this.selector = selector;
        this.strategies = strategies;
        this.metrics = metrics;
        this.faults = faults;
        this.mode = mode;
    }

    /**
     * The handler for the admin listener: browsers' cross-site requests refused ({@link BrowserGuardHandler}),
     * then a bearer-token check when {@code token} is not null.
     */
    public HttpHandler handler(String token) {
        RoutingHandler routes = Handlers.routing()
                .get("/admin/nodes", this::listNodes)
                .post("/admin/nodes", this::addNode)
                .get("/admin/nodes/{name}", ex -> withNode(ex, node -> Json.send(ex, StatusCodes.OK, NodeView.of(node, now()))))
                .delete("/admin/nodes/{name}", this::removeNode)
                .post("/admin/nodes/{name}/{action}", this::changeState)
                .get("/admin/routing", this::showRouting)
                .put("/admin/routing", this::switchRouting)
                .get("/metrics", this::scrape)
                .setFallbackHandler(ex -> Json.error(ex, StatusCodes.NOT_FOUND, "no such admin endpoint: " + ex.getRequestPath()))
                .setInvalidMethodHandler(ex -> Json.error(ex, StatusCodes.METHOD_NOT_ALLOWED,
                        ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath()));
        HttpHandler guarded = new BrowserGuardHandler(token == null, faults,
                token == null ? routes : new BearerTokenHandler(token, routes));
        return exchange -> {
            try {
                guarded.handleRequest(exchange);
            } catch (Exception e) {
                log.error("admin request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestPath(), e.toString(), e);
                if (!exchange.isResponseStarted()) {
                    Json.error(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "internal error, see the balancer log");
                }
            }
        };
    }

    private void listNodes(HttpServerExchange exchange) {
        long now = now();
        List<NodeView> views = Arrays.stream(registry.snapshot().nodes()).map(n -> NodeView.of(n, now)).toList();
        Json.send(exchange, StatusCodes.OK, views);
    }

    private void addNode(HttpServerExchange exchange) {
        readBody(exchange, NewNode.class, body -> {
            BackendSpec spec;
            try {
                spec = new BackendSpec(body.name(), URI.create(body.url()));
            } catch (IllegalArgumentException | NullPointerException e) {
                Json.error(exchange, StatusCodes.BAD_REQUEST, "need {\"name\":\"node4\",\"url\":\"http://host:port\"}: " + e.getMessage());
                return;
            }
            try {
                Node node = registry.add(spec);
                log.info("node {} added at {} through the admin API", node.name(), node.url());
                Json.send(exchange, StatusCodes.CREATED, NodeView.of(node, now()));
            } catch (IllegalStateException e) {
                Json.error(exchange, StatusCodes.CONFLICT, e.getMessage());
            }
        });
    }

    private void removeNode(HttpServerExchange exchange) {
        String name = pathParam(exchange, "name");
        registry.remove(name).ifPresentOrElse(node -> {
            log.info("node {} removed through the admin API", name);
            Json.send(exchange, StatusCodes.OK, NodeView.of(node, now()));
        }, () -> Json.error(exchange, StatusCodes.NOT_FOUND, "no node named '" + name + "'"));
    }

    private void changeState(HttpServerExchange exchange) {
        String action = pathParam(exchange, "action");
        AdminState state = switch (action) {
            case "drain" -> AdminState.DRAINING;
            case "disable" -> AdminState.DISABLED;
            case "enable" -> AdminState.ACTIVE;
            default -> null;
        };
        if (state == null) {
            Json.error(exchange, StatusCodes.NOT_FOUND, "unknown action '" + action + "': use drain, disable or enable");
            return;
        }
        withNode(exchange, node -> {
            AdminState previous = node.adminState();
            node.adminState(state);
            log.info("node {}: {} -> {} through the admin API", node.name(), previous, state);
            Json.send(exchange, StatusCodes.OK, NodeView.of(node, now()));
        });
    }

    private void showRouting(HttpServerExchange exchange) {
        Json.send(exchange, StatusCodes.OK, Map.of("routing", selector.strategy().spec().toString(), "mode", mode.label()));
    }

    private void switchRouting(HttpServerExchange exchange) {
        readBody(exchange, RoutingChange.class, body -> {
            RoutingSpec spec;
            try {
                spec = RoutingSpec.parse(String.valueOf(body.routing()));
            } catch (IllegalArgumentException e) {
                Json.error(exchange, StatusCodes.BAD_REQUEST, e.getMessage());
                return;
            }
            selector.switchStrategy(strategies.create(spec));
            showRouting(exchange);
        });
    }

    private void scrape(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getResponseSender().send(metrics.scrape());
    }

    private void withNode(HttpServerExchange exchange, Consumer<Node> action) {
        String name = pathParam(exchange, "name");
        registry.byName(name).ifPresentOrElse(action,
                () -> Json.error(exchange, StatusCodes.NOT_FOUND, "no node named '" + name + "'"));
    }

    /** Reads a small JSON body without blocking the IO thread; malformed or oversized bodies get 400/413. */
    private <T> void readBody(HttpServerExchange exchange, Class<T> type, Consumer<T> action) {
        if (exchange.getRequestContentLength() > MAX_BODY_BYTES) {
            Json.error(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "admin request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            return;
        }
        exchange.setMaxEntitySize(MAX_BODY_BYTES);
        exchange.getRequestReceiver().receiveFullBytes((ex, bytes) -> {
            T body;
            try {
                body = Json.MAPPER.readValue(bytes, type);
            } catch (JsonProcessingException e) {
                Json.error(ex, StatusCodes.BAD_REQUEST, "malformed JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage());
                return;
            } catch (java.io.IOException e) {
                Json.error(ex, StatusCodes.BAD_REQUEST, "unreadable body: " + e.getMessage());
                return;
            }
            if (body == null) {
                Json.error(ex, StatusCodes.BAD_REQUEST, "a JSON object is required");
                return;
            }
            action.accept(body);
        }, (ex, e) -> {
            log.warn("admin request body could not be read: {}", e.toString());
            Json.error(ex, StatusCodes.BAD_REQUEST, "request body could not be read: " + e.getMessage());
        });
    }

    private static String pathParam(HttpServerExchange exchange, String name) {
        return exchange.getQueryParameters().get(name).getFirst();
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    /** Body of {@code POST /admin/nodes}. */
    record NewNode(String name, String url) {
    }

    /** Body of {@code PUT /admin/routing}. */
    record RoutingChange(String routing) {
    }
}
