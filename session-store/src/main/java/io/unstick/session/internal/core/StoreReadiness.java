package io.unstick.session.internal.core;

/**
 * Whether this node can serve sessions now, and if not, why, in words an operator acts on.
 *
 * @param ready  the store answers and this node's side of the cluster holds the quorum
 * @param reason why it is not ready; null when ready
 */
public record StoreReadiness(boolean ready, String reason) {

    private static final StoreReadiness READY = new StoreReadiness(true, null);

    public static StoreReadiness up() {
        return READY;
    }

    public static StoreReadiness down(String reason) {
        return new StoreReadiness(false, reason);
    }
}
