package io.unstick.balancer.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.unstick.balancer.config.ClientLimits;
import io.unstick.balancer.listen.InboundConnection;
import io.unstick.balancer.routing.CookieRouting;
import io.unstick.balancer.routing.JSessionIds;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Per-client-address limits ({@link ClientLimits}), answered with 429 and {@code Retry-After}:
 * <ul>
 *   <li><b>connections</b>: a connection over the limit (counted from accept by {@link ClientTable}) gets 429 on
 *       its first request and is closed;</li>
 *   <li><b>requests per second</b>: every request takes one;</li>
 *   <li><b>new sessions per second</b>: a response <em>creates a session</em> when it sets a {@code JSESSIONID}
 *       whose id (without the route suffix) differs from the one the request carried, or carried none; or, with
 *       cookie routing, when the balancer issues an {@code UNSTICK_ROUTE} cookie with a new client id. Each such
 *       response takes one from the address's budget. While the budget is empty, a request that carries no
 *       {@code JSESSIONID} (cookie or {@code ;jsessionid=}) is refused: it is the kind that creates one. A request
 *       within a session is never refused by this limit; one with a made-up id is not either (the balancer
 *       cannot tell it from a real one) and is bounded by the request rate.</li>
 * </ul>
 * The address is the connection's peer; with {@code UNSTICK_TRUST_FORWARDED} the rates use the last
 * {@code X-Forwarded-For} entry, the one the trusted proxy in front added (entries before it are the client's own
 * claims). IPv6 addresses count by their /64.
 */
public final class ClientLimitHandler implements HttpHandler, ResponseCommitListener {

    private static final AttachmentKey<ClientState> CLIENT = AttachmentKey.create(ClientState.class);

    private final ClientTable table;
    private final boolean trustForwarded;
    private final FaultReporter reporter;
    private final Gcra requests;
    private final Gcra sessions;
    private final HttpHandler next;

    public ClientLimitHandler(ClientTable table, boolean trustForwarded, FaultReporter reporter, HttpHandler next) {
        ClientLimits limits = table.limits();
        this.table = table;
        this.trustForwarded = trustForwarded;
        this.reporter = reporter;
        this.requests = limits.requestsPerSecond() > 0 ? new Gcra(limits.requestsPerSecond(), limits.requestsPerSecond()) : null;
        this.sessions = limits.sessionsPerSecond() > 0 ? new Gcra(limits.sessionsPerSecond(), limits.sessionsPerSecond()) : null;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InboundConnection inbound = InboundConnection.of(exchange);
        ClientTable.Connection connection = inbound != null && inbound.client() instanceof ClientTable.Connection c ? c : null;
        if (connection != null && connection.overLimit()) {
            connection.release(); // it closes after this answer: a client that waits as told finds a slot
            refuse(exchange, ClientFault.CLIENT_CONNECTIONS, TimeUnit.SECONDS.toNanos(1),
                    "over " + table.limits().maxConnections() + " connections");
            return;
        }
        ClientState client = client(exchange, connection);
        if (client == null) {
            next.handleRequest(exchange); // the table is full: not limited
            return;
        }
        long now = System.nanoTime();
        if (requests != null) {
            long wait = requests.tryTake(client.requests, now);
            if (wait > 0) {
                refuse(exchange, ClientFault.CLIENT_REQUESTS, wait, "over " + table.limits().requestsPerSecond() + " requests a second");
                return;
            }
        }
        if (sessions != null) {
            if (JSessionIds.fromRequest(exchange) == null) {
                long wait = sessions.waitFor(client.sessions, now);
                if (wait > 0) {
                    refuse(exchange, ClientFault.CLIENT_SESSIONS, wait, "over " + table.limits().sessionsPerSecond() + " new sessions a second");
                    return;
                }
            }
            exchange.putAttachment(CLIENT, client);
            exchange.addResponseCommitListener(this);
        }
        next.handleRequest(exchange);
    }

    private ClientState client(HttpServerExchange exchange, ClientTable.Connection connection) {
        if (trustForwarded) {
            HeaderValues forwarded = exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR);
            String address = forwarded == null ? null : ClientAddress.fromForwardedFor(forwarded.getLast());
            if (address != null) {
                return table.state(address);
            }
        }
        if (connection != null) {
            return connection.client();
        }
        InetSocketAddress source = exchange.getSourceAddress(); // HTTP/2: one exchange per stream, looked up each time
        return source == null || source.getAddress() == null ? null : table.state(ClientAddress.key(source.getAddress()));
    }

    private void refuse(HttpServerExchange exchange, ClientFault fault, long waitNanos, String detail) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
        reporter.refuse(exchange, fault, detail);
    }

    /** Charges the budget of a response that creates a session (see the class comment). */
    @Override
    public void beforeCommit(HttpServerExchange exchange) {
        ClientState client = exchange.getAttachment(CLIENT);
        if (client != null && createsSession(exchange)) {
            sessions.charge(client.sessions, System.nanoTime());
        }
    }

    private static boolean createsSession(HttpServerExchange exchange) {
        if (CookieRouting.issuedNewClient(exchange)) {
            return true;
        }
        HeaderValues setCookies = exchange.getResponseHeaders().get(Headers.SET_COOKIE);
        if (setCookies == null) {
            return false;
        }
        String sent = JSessionIds.fromRequest(exchange);
        String sentBase = sent == null ? null : JSessionIds.base(sent);
        for (String header : setCookies) {
            String issued = JSessionIds.fromSetCookie(header);
            if (issued != null && !JSessionIds.base(issued).equals(sentBase)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "client-limits(" + table.limits() + ", trust-forwarded=" + trustForwarded + ")";
    }
}
