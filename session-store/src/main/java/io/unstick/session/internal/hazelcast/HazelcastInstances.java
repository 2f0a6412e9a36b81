package io.unstick.session.internal.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Obtains the Hazelcast instance for a manager and gives it back. Contexts that name the same instance share it;
 * a reference count kept in the instance's own user context (not in a static of ours) shuts it down when the last
 * user releases it.
 */
public final class HazelcastInstances {

    private static final String USERS = "io.unstick.session.users";
    private static final System.Logger LOG = System.getLogger(HazelcastInstances.class.getName());

    private HazelcastInstances() {
    }

    /** Returns the named instance, creating it from {@code settings} when it does not exist yet. */
    public static HazelcastInstance acquire(HazelcastSettings settings) {
        ClassLoader loader = HazelcastInstances.class.getClassLoader();
        synchronized (HazelcastInstances.class) {
            HazelcastInstance instance = existing(settings);
            if (instance == null) {
                instance = create(settings, loader);
            }
            users(instance).incrementAndGet();
            return instance;
        }
    }

    /**
     * Hazelcast's threads inherit the creating thread's context class loader; a context starting up has its web
     * application's there, which the threads would pin after an undeploy. They get the loader of this jar instead.
     */
    private static HazelcastInstance create(HazelcastSettings settings, ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return settings.topology() == Topology.EMBEDDED
                    ? Hazelcast.newHazelcastInstance(HazelcastConfigs.member(settings, loader))
                    : HazelcastClient.newHazelcastClient(HazelcastConfigs.client(settings, loader));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Gives an instance back; the last user shuts it down. A member first makes sure its partitions are safe
     * elsewhere (their backups in sync, waiting at most {@code resilience.safeStopTimeoutMs}), then leaves with
     * Hazelcast's graceful shutdown, which hands its partitions over before it goes; both are logged.
     */
    public static void release(HazelcastInstance instance, HazelcastSettings settings) {
        synchronized (HazelcastInstances.class) {
            if (users(instance).decrementAndGet() <= 0) {
                if (settings.topology() == Topology.EMBEDDED) {
                    leaveSafely(instance, settings.resilience().safeStopTimeoutMs());
                } else {
                    instance.shutdown();
                }
            }
        }
    }

    private static void leaveSafely(HazelcastInstance member, long waitMillis) {
        long start = System.nanoTime();
        boolean safe = true;
        try {
            if (member.getCluster().getMembers().size() > 1) {
                safe = member.getPartitionService().forceLocalMemberToBeSafe(waitMillis, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            safe = false;
            LOG.log(Level.WARNING, "Could not check that this member's partitions are safe: " + e);
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        member.shutdown();
        long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (safe) {
            LOG.log(Level.INFO, "Session store member " + member.getName() + " left the cluster: its partitions were"
                    + " safe after " + waited + " ms, handed over in " + (total - waited) + " ms");
        } else {
            LOG.log(Level.WARNING, "Session store member " + member.getName() + " left the cluster although its"
                    + " partitions were not safe within safeStopTimeoutMs=" + waitMillis + " (sessions whose only"
                    + " copy it held may be lost)");
        }
    }

    private static HazelcastInstance existing(HazelcastSettings settings) {
        return settings.topology() == Topology.EMBEDDED
                ? Hazelcast.getHazelcastInstanceByName(settings.instanceName())
                : HazelcastClient.getHazelcastClientByName(settings.instanceName());
    }

    private static AtomicInteger users(HazelcastInstance instance) {
        return (AtomicInteger) instance.getUserContext().computeIfAbsent(USERS, key -> new AtomicInteger());
    }
}
