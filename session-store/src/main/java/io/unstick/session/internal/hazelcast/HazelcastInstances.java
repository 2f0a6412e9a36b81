package io.unstick.session.internal.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Obtains the Hazelcast instance for a manager and gives it back. Contexts that name the same instance share it;
 * a reference count kept in the instance's own user context (not in a static of ours) shuts it down when the last
 * user releases it.
 */
public final class HazelcastInstances {

    private static final String USERS = "io.unstick.session.users";

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

    /** Gives an instance back; the last user shuts it down. */
    public static void release(HazelcastInstance instance) {
        synchronized (HazelcastInstances.class) {
            if (users(instance).decrementAndGet() <= 0) {
                instance.shutdown();
            }
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
