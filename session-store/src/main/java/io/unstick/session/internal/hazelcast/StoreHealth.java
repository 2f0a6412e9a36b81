package io.unstick.session.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import io.unstick.session.internal.core.KnownValues;
import io.unstick.session.internal.core.PauseWatch;
import io.unstick.session.internal.core.StoreReadiness;

import java.lang.System.Logger.Level;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This node's view of the store's health, answered without a remote call: whether its Hazelcast instance runs (and,
 * as a client, is connected), whether its member's side of the cluster holds the quorum, and whether the store
 * answered the last probe (one read of an absent key every second, with the request deadline) in time. Readiness
 * and the hybrid local copy ask it; so does a graceful stop (is the cluster safe?).
 * <p>
 * The probe is the store's own read ({@link ReadChanges} through {@link KeyCalls}), not {@code IMap.getAsync}:
 * that future completes a copy of itself on Hazelcast's default asynchronous executor, which starts a new thread per
 * call where the common ForkJoinPool has one thread (2 CPUs or fewer), one thread a second on every node.
 */
public final class StoreHealth implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StoreHealth.class.getName());
    private static final String PROBE_KEY = "\u0000unstick.readiness-probe";
    private static final long PROBE_PERIOD_MILLIS = 1_000;

    private final HazelcastInstance hazelcast;
    private final Topology topology;
    private final KeyCalls calls;
    private final long timeoutMillis;
    private final ScheduledExecutorService prober;
    private final UUID lifecycleListener;
    private final PauseWatch pause;
    private final ProbeLog probeLog = new ProbeLog(System.nanoTime()); // the prober thread's alone
    private volatile boolean clientConnected = true;
    private volatile String probeFailure;

    /** @param store the store whose calls the probe sends, so that it reads as requests read */
    public StoreHealth(HazelcastInstance hazelcast, Topology topology, HazelcastSessionStore store, long timeoutMillis,
                       String name, PauseWatch pause) {
        this.hazelcast = hazelcast;
        this.pause = pause;
        this.topology = topology;
        this.calls = store.calls();
        this.timeoutMillis = timeoutMillis;
        this.lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(this::lifecycle);
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "unstick-store-probe-" + name);
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probe, 0, PROBE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void lifecycle(LifecycleEvent event) {
        switch (event.getState()) {
            case CLIENT_CONNECTED -> clientConnected = true;
            case CLIENT_DISCONNECTED -> clientConnected = false;
            default -> { }
        }
    }

    private void probe() {
        String failure = null;
        try {
            calls.submit(PROBE_KEY, new ReadChanges((KnownValues) null))
                    .await(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        } catch (TimeoutException e) {
            failure = "the session store did not answer within storeTimeoutMs=" + timeoutMillis;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failure = "the session store failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        probeFailure = failure;
        ProbeLog.Entry entry = probeLog.observe(failure, System.nanoTime());
        if (entry != null) {
            LOG.log(entry.level(), entry.message());
        }
    }

    /**
     * Ready, or why not: not running, not connected, standing still a moment ago, in a minority, or the store did not
     * answer its last probe.
     */
    public StoreReadiness readiness() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return StoreReadiness.down("the session store's Hazelcast " + topology.name().toLowerCase()
                    + " is not running");
        }
        if (topology == Topology.CLIENT && !clientConnected) {
            return StoreReadiness.down("the session store client is not connected to its cluster");
        }
        String standstill = pause.refusal();
        if (standstill != null) {
            return StoreReadiness.down(standstill);
        }
        if (!inMajority()) {
            int seen = hazelcast.getCluster().getMembers().size();
            return StoreReadiness.down("this node's member is in a minority: it sees " + seen
                    + " member(s) (recently active: fewer than minClusterSize=" + quorumSize() + ")");
        }
        String failure = probeFailure;
        return failure == null ? StoreReadiness.up() : StoreReadiness.down(failure);
    }

    /**
     * False when this node's member's side of the cluster lacks the quorum (embedded topology, split-brain protection
     * on), and for a while after the node stood still ({@link PauseWatch}); a client cannot tell from here and counts
     * as in the majority while connected.
     */
    public boolean inMajority() {
        if (pause.refusal() != null) {
            return false; // it may be a minority of one that does not know it yet
        }
        if (topology == Topology.CLIENT) {
            return clientConnected;
        }
        SplitBrainProtection quorum = quorum();
        return quorum == null || quorum.hasMinimumSize();
    }

    /** Whether every partition has its backups in sync, so that this member may leave (embedded topology). */
    public boolean isClusterSafe() {
        return topology == Topology.EMBEDDED && hazelcast.getLifecycleService().isRunning()
                && hazelcast.getPartitionService().isClusterSafe();
    }

    private SplitBrainProtection quorum() {
        try {
            return hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(HazelcastConfigs.QUORUM);
        } catch (IllegalArgumentException e) {
            return null; // no protection configured (one or two members, or minClusterSize=1)
        }
    }

    private int quorumSize() {
        return hazelcast.getConfig().getSplitBrainProtectionConfig(HazelcastConfigs.QUORUM).getMinimumClusterSize();
    }

    @Override
    public void close() {
        prober.shutdownNow();
        try {
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Lifecycle listener not removed (instance gone): " + e);
        }
    }
}
