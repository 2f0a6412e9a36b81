package io.unstick.balancer.routing;

import io.unstick.balancer.node.Node;

import java.util.concurrent.atomic.AtomicInteger;

/** The non-affine choices, shared by all strategies as their fallback. Lock-free. */
final class LoadBalance {

    private final AtomicInteger turn = new AtomicInteger();

    /** In turn. */
    Node roundRobin(Node[] candidates) {
        return candidates[Math.floorMod(turn.getAndIncrement(), candidates.length)];
    }

    /** Fewest in-flight requests; ties are broken in turn so equal nodes share evenly. */
    Node leastRequests(Node[] candidates) {
        int n = candidates.length;
        int start = Math.floorMod(turn.getAndIncrement(), n);
        Node best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Node node = candidates[(start + i) % n];
            int load = node.inFlight();
            if (load < bestLoad) {
                best = node;
                bestLoad = load;
            }
        }
        return best;
    }
}
