package io.unstick.shop.health;

/**
 * Whether this node can serve sessions right now: what {@code GET /health/ready} answers and the balancer's active
 * health check asks. Liveness ({@code GET /health}) is separate: a node can be alive and not ready, e.g. while its
 * store member has not joined or while it shuts down.
 */
@FunctionalInterface
public interface Readiness {

    Status check();

    /** Ready, or not with a reason that tells an operator what to look at. */
    record Status(boolean ready, String reason) {

        private static final Status UP = new Status(true, null);

        public static Status up() {
            return UP;
        }

        public static Status down(String reason) {
            return new Status(false, reason);
        }
    }

    /** Always ready: for a WAR, whose container owns the session manager and its health. */
    static Readiness always() {
        return Status::up;
    }
}
