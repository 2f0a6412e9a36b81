package io.unstick.lab.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A session setup the lab runs the shop with: one of unstick's modes, or a peer users would pick instead — the same
 * shop on another session manager ({@code UNSTICK_SESSION_MANAGER}), with the routing ({@code UNSTICK_MODE}) the
 * peer's documentation asks for. The public modes stay sticky, shared and hybrid; the peers exist for comparisons.
 *
 * <pre>
 * Variant.parse("redis-default").mode()   // SHARED: Redisson's defaults read every attribute from Redis, any node serves
 * </pre>
 */
public enum Variant {
    STICKY(Mode.STICKY, Store.NONE, Map.of(), "Tomcat's in-memory manager, affinity"),
    SHARED(Mode.SHARED, Store.HAZELCAST, Map.of(), "unstick's session store, no local copy, least-requests"),
    HYBRID(Mode.HYBRID, Store.HAZELCAST, Map.of(), "unstick's session store with a local copy, affinity"),
    /** Tomcat's DeltaManager: every session on every node, sent asynchronously after each request. */
    DELTA(Mode.STICKY, Store.TRIBES, Map.of("UNSTICK_SESSION_MANAGER", "delta"),
            "Tomcat's DeltaManager (all-to-all, asynchronous), affinity"),
    /** Tomcat's BackupManager: each session on its primary and one backup node, acknowledged synchronously. */
    BACKUP(Mode.STICKY, Store.TRIBES, Map.of("UNSTICK_SESSION_MANAGER", "backup"),
            "Tomcat's BackupManager (one synchronous backup), affinity"),
    /**
     * Redisson with a local copy on each node (readMode MEMORY) and every setAttribute written to Redis at once
     * (updateMode DEFAULT), behind affinity: hybrid's like-for-like peer, the fastest way Redisson loses no write.
     */
    REDIS(Mode.STICKY, Store.REDIS, Map.of("UNSTICK_SESSION_MANAGER", "redis", "UNSTICK_REDIS_READ_MODE", "MEMORY",
            "UNSTICK_REDIS_UPDATE_MODE", "DEFAULT"), "Redisson, readMode MEMORY, updateMode DEFAULT, affinity"),
    /**
     * Redisson as its README ships it (readMode REDIS, updateMode DEFAULT: every attribute read from Redis), without
     * affinity, as it documents itself: shared's like-for-like peer.
     */
    REDIS_DEFAULT(Mode.SHARED, Store.REDIS, Map.of("UNSTICK_SESSION_MANAGER", "redis"),
            "Redisson's defaults (readMode REDIS, updateMode DEFAULT), least-requests");

    /** Where a variant's sessions live, which decides what its nodes talk to and what a partition cuts. */
    public enum Store {
        /** In each node's memory only. */
        NONE,
        /** A Hazelcast member in each node, on the member ports. */
        HAZELCAST,
        /** A Tribes receiver in each node (Tomcat's cluster), on the member ports. */
        TRIBES,
        /** A redis-server beside the nodes, which the lab starts with the stack. */
        REDIS;

        /** Whether the nodes talk to each other on member ports. */
        public boolean betweenNodes() {
            return this == HAZELCAST || this == TRIBES;
        }
    }

    private final Mode mode;
    private final Store store;
    private final Map<String, String> nodeEnv;
    private final String description;

    Variant(Mode mode, Store store, Map<String, String> nodeEnv, String description) {
        this.mode = mode;
        this.store = store;
        this.nodeEnv = nodeEnv;
        this.description = description;
    }

    /** The variant that is one of the shop's own modes. */
    public static Variant of(Mode mode) {
        return valueOf(mode.name());
    }

    public static Variant parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(variant -> variant.label().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--modes takes " + Arrays.stream(values())
                        .map(Variant::label).collect(Collectors.joining(", ")) + ", not '" + value + "'"));
    }

    /** sticky, shared, hybrid, delta, backup, redis, redis-default. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The {@code UNSTICK_MODE} of the stack: the balancer's routing, and for unstick's modes the node's manager. */
    public Mode mode() {
        return mode;
    }

    public Store store() {
        return store;
    }

    /** Whether this is a peer (another session manager), not one of unstick's modes. */
    public boolean isPeer() {
        return nodeEnv.containsKey("UNSTICK_SESSION_MANAGER");
    }

    /** What each node gets beyond the stack's own variables (the peer's manager and its modes; ports come from the stack). */
    public Map<String, String> nodeEnv() {
        return nodeEnv;
    }

    /** One line for reports: which manager, which routing. */
    public String description() {
        return description;
    }

    /**
     * Whether the nodes must start one after another, each once the last is healthy. A starting DeltaManager asks
     * the first member it knows for every session and waits up to its {@code stateTransferTimeout} (60 s) for the
     * answer; a member that is waiting for its own answer meanwhile queues such a request and then drops it (Tomcat
     * 11's {@code DeltaManager.getAllClusterSessions}). Two starting nodes that ask each other so each wait the full
     * minute (measured, depending on timing and ports: 66–67 s to start a stack of three, 7 s in turn). Started in
     * turn, each asks a member that is running.
     */
    public boolean nodesStartInTurn() {
        return this == DELTA;
    }

    /** Why this variant cannot run on this machine (a program it needs is missing), if it cannot. */
    public Optional<String> missingProgram() {
        return store == Store.REDIS ? RedisServer.missing() : Optional.empty();
    }
}
