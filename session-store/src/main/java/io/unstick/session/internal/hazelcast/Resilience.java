package io.unstick.session.internal.hazelcast;

import java.util.List;

/**
 * How the store behaves when members fail, stall or split, validated on construction.
 *
 * @param storeTimeoutMs every store call made for a request gives up after this long (the request gets 503); the
 *                       Hazelcast timeouts are derived from it (see {@link HazelcastConfigs})
 * @param minClusterSize members a side of a split needs to serve sessions (Hazelcast split-brain protection on the
 *                       session maps); 1 turns it off; 0 means the default, {@link #defaultMinClusterSize}
 * @param safeStopTimeoutMs how long a stopping member waits for its partitions to be safe (backups in sync) before
 *                          it leaves the cluster
 */
public record Resilience(long storeTimeoutMs, int minClusterSize, long safeStopTimeoutMs) {

    /** Defaults: 2 s per store call, a majority of the listed members, 30 s to leave safely. */
    public static final Resilience DEFAULT = new Resilience(2_000, 0, 30_000);

    public Resilience {
        if (storeTimeoutMs < 100) {
            throw new IllegalArgumentException("storeTimeoutMs must be at least 100, was " + storeTimeoutMs);
        }
        if (safeStopTimeoutMs < 0) {
            throw new IllegalArgumentException("safeStopTimeoutMs must be >= 0, was " + safeStopTimeoutMs);
        }
        if (minClusterSize < 0) {
            throw new IllegalArgumentException("minClusterSize must be >= 0 (0: a majority of the members), was "
                    + minClusterSize);
        }
    }

    /**
     * A strict majority of the listed members when three or more are listed: a side of a split with fewer refuses
     * sessions, so at most one side serves them. With one or two members there is no majority that survives the
     * loss of one, so the protection is off (1): each side of a two-member split serves on, and the merge after the
     * heal reconciles them per attribute.
     */
    public static int defaultMinClusterSize(List<String> members) {
        return members.size() >= 3 ? members.size() / 2 + 1 : 1;
    }

    /** The quorum for this member list: the configured size, or the default. */
    public int quorum(List<String> members) {
        return minClusterSize > 0 ? minClusterSize : defaultMinClusterSize(members);
    }
}
