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

    /** Fewest in-flight requests; the nodes tied for fewest take turns, so equal nodes share evenly. */
    Node leastRequests(Node[] candidates) {
        int least = Integer.MAX_VALUE;
        int tied = 0;
        Node first = candidates[0];
        for (Node node : candidates) {
            int load = node.inFlight();
            if (load < least) {
                least = load;
                tied = 1;
                first = node;
            } else if (load == least) {
                tied++;
            }
        }
        int pick = Math.floorMod(turn.getAndIncrement(), tied);
        for (Node node : candidates) {
            // loads may have moved since the first pass; any node at or below the minimum is a fine answer
            if (node.inFlight() <= least && pick-- == 0) {
                return node;
            }
        }
        return first; // the tied nodes all got busier in between; the first of them is still as good as any
    }
}
