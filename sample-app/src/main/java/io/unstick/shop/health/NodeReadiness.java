package io.unstick.shop.health;

/**
 * A shop node's readiness: DOWN from the moment it starts shutting down (so that the balancer stops sending before
 * the node stops taking requests), otherwise whatever its session manager says.
 */
public final class NodeReadiness implements Readiness {

    private final Readiness sessions;
    private volatile String shutdownReason;

    public NodeReadiness(Readiness sessions) {
        this.sessions = sessions;
    }

    /** From now on the node is DOWN, for good: it is going away. */
    public void shuttingDown(String reason) {
        shutdownReason = reason;
    }

    public boolean isShuttingDown() {
        return shutdownReason != null;
    }

    @Override
    public Status check() {
        String shutdown = shutdownReason;
        return shutdown != null ? Status.down(shutdown) : sessions.check();
    }
}
