package io.unstick.benchmarks.routing;

import io.undertow.server.HttpServerExchange;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.routing.AffinityCookieCodec;
import io.unstick.balancer.routing.NodeSelector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

import static io.unstick.benchmarks.SetupCheck.require;

/**
 * The balancer's routing decision, {@link NodeSelector#select}, for one request against three healthy nodes.
 *
 * <p>Each operation builds a fresh exchange, as every request brings one; {@link #exchangeOnly} measures that
 * part alone, to subtract. Requests share one keep-alive connection unless the benchmark says otherwise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RoutingBenchmark {

    private static final Node[] NOT_TRIED = new Node[0];
    /**
     * Each new client is remembered in its node's bound-client map. At millions of new clients per second, a
     * rate no balancer sees, the maps would grow until GC dominates; forgetting them every so often keeps the
     * maps at a realistic size (the amortised cost stays in the figure).
     */
    private static final int FORGET_CLIENTS_EVERY = 1024;

    private final Requests requests = new Requests();
    private ThreeNodes nodes;
    private int newClients;
    private NodeSelector cookie;
    private NodeSelector leastRequests;
    private NodeSelector jsessionid;
    private String boundCookies;
    private String tamperedCookies;
    private String sessionCookie;
    private long now;

    @Setup
    public void setUp() {
        nodes = new ThreeNodes();
        cookie = nodes.selector("cookie");
        leastRequests = nodes.selector("least-requests");
        jsessionid = nodes.selector("jsessionid");
        now = System.currentTimeMillis();
        String value = nodes.issuedCookie("node2", now);
        // A browser sends the application's session cookie too.
        sessionCookie = "JSESSIONID=8F3A1C2B9D7E4F60A1B2C3D4E5F60718.node2";
        boundCookies = sessionCookie + "; " + AffinityCookieCodec.COOKIE_NAME + "=" + value;
        // The tamper a client would try: point its cookie at another node, keeping the old signature.
        String forged = value.replace(nodes.node("node2").routeId(), nodes.node("node1").routeId());
        tamperedCookies = sessionCookie + "; " + AffinityCookieCodec.COOKIE_NAME + "=" + forged;

        require(cookieBound() == nodes.node("node2"), "a valid cookie must route to its node");
        require(cookieBoundKeepAlive() == nodes.node("node2"), "a valid cookie must route to its node");
        require(jsessionid() == nodes.node("node2"), "a JSESSIONID route must be followed");
    }

    /** A returning client on a new connection: parse the cookie, verify its HMAC, keep its node. */
    @Benchmark
    public Node cookieBound() {
        return cookie.select(requests.getOnNewConnection(boundCookies), NOT_TRIED, now);
    }

    /** The same on a keep-alive connection: the connection already verified this value, so no HMAC. */
    @Benchmark
    public Node cookieBoundKeepAlive() {
        return cookie.select(requests.get(boundCookies), NOT_TRIED, now);
    }

    /** A first visit: no cookie, so least-requests picks a node and a signed cookie is issued. */
    @Benchmark
    public Node cookieNewClient() {
        return newClient(cookie.select(requests.get(null), NOT_TRIED, now));
    }

    /** A forged or corrupted cookie: verification fails, the client is treated as new and re-issued a cookie. */
    @Benchmark
    public Node cookieTampered() {
        return newClient(cookie.select(requests.get(tamperedCookies), NOT_TRIED, now));
    }

    /** No affinity: the node with the fewest in-flight requests. */
    @Benchmark
    public Node leastRequests() {
        return leastRequests.select(requests.get(sessionCookie), NOT_TRIED, now);
    }

    /** Tomcat's jvmRoute suffix on JSESSIONID names the node. */
    @Benchmark
    public Node jsessionid() {
        return jsessionid.select(requests.get(sessionCookie), NOT_TRIED, now);
    }

    private Node newClient(Node chosen) {
        if (++newClients % FORGET_CLIENTS_EVERY == 0) {
            nodes.forgetAllClients();
        }
        return chosen;
    }

    /** The baseline inside every benchmark above: building the request's exchange, without routing it. */
    @Benchmark
    public HttpServerExchange exchangeOnly() {
        return requests.get(boundCookies);
    }
}
