package io.unstick.balancer.routing;

import io.unstick.balancer.node.Node;

/**
 * Rendezvous (highest random weight) hashing: a key goes to the node with the highest hash of (key, node
 * name). Adding a node takes about 1/N of the keys to it and moves no others; removing one moves only its
 * keys. No ring to rebuild, and the result depends only on names, so replicas agree.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /** The node among {@code nodes} that owns {@code key}; null if there are none. */
    public static Node owner(String key, Node[] nodes) {
        long keyHash = fnv1a(key);
        Node best = null;
        long bestScore = Long.MIN_VALUE;
        for (Node node : nodes) {
            long score = mix(keyHash ^ fnv1a(node.name()));
            if (best == null || score > bestScore) {
                best = node;
                bestScore = score;
            }
        }
        return best;
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) { // over chars: no allocation on the request path
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64 finalizer: spreads FNV's weak low bits over the whole word. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
