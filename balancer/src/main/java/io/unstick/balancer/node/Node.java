package io.unstick.balancer.node;

import io.unstick.balancer.config.BackendSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend and its live state: health, the operator's decision, load and bound clients.
 * Everything read on the request path is a volatile or atomic read.
 */
public final class Node {

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private final String name;
    private final URI url;
    private final String routeId;
    private final NodeHealth health;
    private final BoundClients boundClients;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private volatile AdminState adminState = AdminState.ACTIVE;

    /**
     * @param routeId opaque id written into affinity cookies instead of the name or address
     */
    public Node(BackendSpec spec, String routeId, NodeHealth health, BoundClients boundClients) {
        this.name = spec.name();
        this.url = spec.url();
        this.routeId = routeId;
        this.health = health;
        this.boundClients = boundClients;
    }

    public String name() {
        return name;
    }

    public URI url() {
        return url;
    }

    public String routeId() {
        return routeId;
    }

    public NodeHealth health() {
        return health;
    }

    /**
     * A connection to this node failed (refused, reset) while forwarding: counted, and logged if it took the node
     * down. Never call it for a client's abort.
     */
    public void passiveFailure(long nowMillis, HealthEvents events, String what) {
        events.passiveFailure(this);
        if (health.recordPassiveFailure(nowMillis)) {
            log.warn("node {} marked DOWN: {} ({} in a row)", name, what, health.passiveFailuresToMark());
            events.transition(this, false, NodeHealth.Cause.PASSIVE);
        }
    }

    public BoundClients boundClients() {
        return boundClients;
    }

    public AdminState adminState() {
        return adminState;
    }

    public void adminState(AdminState state) {
        this.adminState = state;
    }

    /** New clients may be sent here: healthy and neither draining nor disabled. */
    public boolean acceptsNewClients(long nowMillis) {
        return adminState == AdminState.ACTIVE && health.isUp(nowMillis);
    }

    /** A client already bound here may keep coming: healthy and not disabled. */
    public boolean acceptsBoundClients(long nowMillis) {
        return adminState != AdminState.DISABLED && health.isUp(nowMillis);
    }

    public NodeState state(long nowMillis) {
        if (adminState == AdminState.DISABLED) {
            return NodeState.DISABLED;
        }
        if (!health.isUp(nowMillis)) {
            return NodeState.DOWN;
        }
        return adminState == AdminState.DRAINING ? NodeState.DRAINING : NodeState.UP;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** A request was assigned to this node. */
    public void requestStarted() {
        inFlight.incrementAndGet();
        requests.increment();
    }

    /** A request assigned to this node ended or moved to another node. */
    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    public long requests() {
        return requests.sum();
    }

    @Override
    public String toString() {
        return name + "(" + url + ")";
    }
}
