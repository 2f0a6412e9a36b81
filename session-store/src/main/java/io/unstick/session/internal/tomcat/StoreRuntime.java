package io.unstick.session.internal.tomcat;

import com.hazelcast.core.HazelcastInstance;
import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.StoreCipher;
import io.unstick.session.internal.codec.StoreKeys;
import io.unstick.session.internal.codec.StoreSecret;
import io.unstick.session.internal.codec.StoreSecrets;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.PauseWatch;
import io.unstick.session.internal.core.RecentMisses;
import io.unstick.session.internal.core.SessionCap;
import io.unstick.session.internal.core.EndOfRequest;
import io.unstick.session.internal.core.ExpiryDelivery;
import io.unstick.session.internal.core.LocalCopyPolicy;
import io.unstick.session.internal.core.SessionCommitter;
import io.unstick.session.internal.hazelcast.HazelcastConfigs;
import io.unstick.session.internal.hazelcast.HazelcastInstances;
import io.unstick.session.internal.hazelcast.HazelcastSessionStore;
import io.unstick.session.internal.hazelcast.SessionMergePolicy;
import io.unstick.session.internal.hazelcast.StoreHealth;
import io.unstick.session.internal.core.StoreReadiness;
import com.hazelcast.core.LifecycleEvent;
import io.unstick.session.internal.hazelcast.LocallyOwnedKeys;
import io.unstick.session.internal.hazelcast.Topology;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Manager;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Session;
import org.apache.catalina.session.ManagerBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything a started manager runs on, wired in {@link #start} and torn down in {@link #close}: the Hazelcast
 * instance (shared by the contexts that name it), the store and its listeners, the commit valve in the Host's
 * pipeline, the event thread.
 */
public final class StoreRuntime implements AutoCloseable {

    private static final SecureRandom NODE_IDS = new SecureRandom();
    /** How often a node counts the store's sessions for maxActiveSessions, at most. */
    private static final long CAP_COUNT_INTERVAL_MILLIS = 1_000;

    private static final Log log = LogFactory.getLog(StoreRuntime.class);

    private final ManagerSettings settings;
    private final String node;
    private final HazelcastInstance hazelcast;
    private final HazelcastSessionStore store;
    private final LocalSessions local;
    private final SessionServices services;
    private final SessionCommitValve valve;
    private final StoreEventHandler events;
    private final LocallyOwnedKeys newIds;
    private final Pipeline pipeline;
    private final Context context;
    private final StoreHealth health;
    private final PauseWatch pause;
    private final StoreKeys keys;
    private final SessionCap cap;
    private volatile boolean valveInstalled;
    private volatile UUID mergeListener;

    private StoreRuntime(ManagerBase manager, Map<String, Session> sessions, ManagerSettings settings,
                         Counters counters, HazelcastInstance hazelcast) {
        this.settings = settings;
        this.node = nodeId(manager.getJvmRoute());
        this.hazelcast = hazelcast;
        String contextName = label(manager.getContext());
        AttributeCodec codec = new AttributeCodec(settings.deserializationFilter());
        String mapName = settings.hazelcast().mapName();
        StoreKeys keys = settings.secrets().keys(mapName);
        StoreCipher ciphers = settings.secrets().cipher(mapName);
        this.keys = keys;
        LocalCopyPolicy policy = new LocalCopyPolicy(settings.localCache(), settings.concurrency());
        this.pause = HazelcastConfigs.pauseWatch(hazelcast, settings.hazelcast().topology(), contextName);
        this.store = new HazelcastSessionStore(hazelcast, settings.hazelcast().mapName(), settings.lockLeaseMs(),
                settings.hazelcast().resilience().storeTimeoutMs(), counters, pause);
        this.health = new StoreHealth(hazelcast, settings.hazelcast().topology(), store,
                settings.hazelcast().resilience().storeTimeoutMs(), contextName, pause);
        this.local = new LocalSessions(sessions, manager.getJvmRoute(), store,
                new SessionLoader(manager, codec, ciphers, counters), policy, counters, node, health::inMajority, keys,
                ciphers, new RecentMisses(settings.unknownIdCacheSize(), settings.unknownIdCacheMs(),
                        System::currentTimeMillis));
        this.cap = new SessionCap(manager.getMaxActiveSessions(), CAP_COUNT_INTERVAL_MILLIS, System::currentTimeMillis,
                store::count, counters, contextName);
        SessionCommitter committer = new SessionCommitter(store,
                new EndOfRequest(codec, counters, node, policy.keepsCopies()), counters, node);
        this.valve = new SessionCommitValve(manager.getContext(), manager.getJvmRoute(), local, committer, store,
                counters, settings.concurrency(), settings.lockTimeoutMs(), settings.lockIgnored(), keys,
                settings.acceptUrlSessionIds());
        this.services = new SessionServices(codec, settings.onUnserializable(), counters, local, keys, ciphers,
                settings.emptySessionTimeoutSeconds());
        this.events = new StoreEventHandler(local, policy, new ExpiryDelivery(store, policy, counters, node),
                contextName);
        // Only a node that keeps its sessions and gets their requests gains from owning their entries.
        this.newIds = policy.keepsCopies() && settings.hazelcast().topology() == Topology.EMBEDDED
                ? LocallyOwnedKeys.of(hazelcast) : LocallyOwnedKeys.off();
        this.context = manager.getContext();
        this.pipeline = context.getParent().getPipeline();
    }

    /**
     * Starts the store for a manager: obtains the Hazelcast instance, then listens and installs the valve, so
     * that requests arrive only once everything they need is in place. Whatever fails undoes what was done.
     *
     * @param sessions the manager's own session map, where this node's copies live
     */
    public static StoreRuntime start(ManagerBase manager, Map<String, Session> sessions, ManagerSettings settings,
                                     Counters counters) throws LifecycleException {
        String context = label(manager.getContext());
        HazelcastInstance hazelcast;
        try {
            hazelcast = HazelcastInstances.acquire(settings.hazelcast());
        } catch (RuntimeException e) {
            throw new LifecycleException("Cannot start the Hazelcast " + settings.hazelcast().topology()
                    + " instance for sessions of " + context + ": " + e, e);
        }
        StoreRuntime runtime = null;
        try {
            runtime = new StoreRuntime(manager, sessions, settings, counters, hazelcast);
            runtime.store.listen(runtime.events, runtime.node, settings.localCache());
            hazelcast.getUserContext().putIfAbsent(SessionMergePolicy.COUNTERS, counters);
            StoreRuntime started = runtime;
            runtime.mergeListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    // Copies kept on the smaller side may predate what the merge kept: read them again.
                    started.local.dropAll("this node's member rejoined its cluster after a split");
                }
            });
            runtime.valve.authenticatorPages().install(runtime.context);
            runtime.pipeline.addValve(runtime.valve);
            runtime.valveInstalled = true;
        } catch (RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            } else {
                HazelcastInstances.release(hazelcast, settings.hazelcast());
            }
            throw new LifecycleException("Cannot start the session store of " + context + ": " + e, e);
        }
        log.info("HazelcastSessionManager " + Objects.requireNonNullElse(
                StoreRuntime.class.getPackage().getImplementationVersion(), "(development build)")
                + " started for " + context + ": topology=" + settings.hazelcast().topology()
                + ", map=" + settings.hazelcast().mapName() + ", localCache=" + settings.localCache()
                + ", concurrency=" + settings.concurrency() + ", node=" + runtime.node + ", secret="
                + settings.secrets().primary().origin() + (settings.secrets().previous() == null ? ""
                        : ", previous secret=" + settings.secrets().previous().origin()));
        warnWithoutSecret(context, settings.secrets().primary());
        return runtime;
    }

    /**
     * A context's name for logs and thread names: Tomcat names the root context "", which read as "started for :" and
     * "unstick-store-probe-"; its web application's base name, "ROOT", says which one it is.
     */
    public static String label(Context context) {
        String name = context.getName();
        return name == null || name.isEmpty() ? "ROOT" : name;
    }

    /** A store without a configured secret started only because no other machine can reach it: say so. */
    private static void warnWithoutSecret(String context, StoreSecret secret) {
        if (secret.kind() == StoreSecret.Kind.DEVELOPMENT) {
            log.warn("The session store of " + context + " has no storeSecret (nor storeSecretFile, nor "
                    + StoreSecrets.VARIABLE + "): its keys and values are protected only by the publicly known"
                    + " development key, which anyone who can reach a member port on this machine can use to read"
                    + " and forge sessions. Allowed because every member is on loopback; set storeSecret for"
                    + " anything but development");
        } else if (secret.kind() == StoreSecret.Kind.RANDOM) {
            log.info("The session store of " + context + " has no storeSecret: its only member is this node's, on"
                    + " loopback, so it is keyed and sealed under a random key of this node (set storeSecret on"
                    + " every node before adding members)");
        }
    }

    /**
     * A new id for this node's run: its route and 96 random bits (16 characters), unique per start like a UUID's 122
     * and 20 bytes shorter. The store keeps it beside every attribute a node writes and sends it with every write, so
     * its length is paid on most of the bytes between nodes.
     */
    static String nodeId(String route) {
        byte[] random = new byte[12];
        NODE_IDS.nextBytes(random);
        return (route == null ? "node" : route) + "-" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(random);
    }

    /** This node's id in the store (its writes and its holder entries). */
    public String node() {
        return node;
    }

    public LocalSessions sessions() {
        return local;
    }

    /** A new, empty session of this manager (Tomcat fills it, or the loader from a record). */
    public HazelcastSession newSession(Manager manager) {
        return new HazelcastSession(manager, services);
    }

    /** {@code maxActiveSessions}, cluster-wide. */
    public SessionCap cap() {
        return cap;
    }

    /** The store key of a session id. */
    public StoreKeys keys() {
        return keys;
    }

    /** How new session ids are picked (hybrid, embedded: ids whose entry this node's member owns). */
    public LocallyOwnedKeys newIds() {
        return newIds;
    }

    /** Whether this node can serve sessions now, and why not (no remote call). */
    public StoreReadiness readiness() {
        return health.readiness();
    }

    /** Whether every partition's backups are in sync, so that one member may leave without losing a session. */
    public boolean isClusterSafe() {
        return health.isClusterSafe();
    }

    /**
     * Stops taking requests and hearing events; the sessions live on in the cluster. The last context using the
     * member waits until its partitions are safe elsewhere, then leaves (see HazelcastInstances.release).
     */
    @Override
    public void close() {
        if (valveInstalled) {
            pipeline.removeValve(valve);
        }
        valve.authenticatorPages().uninstall(context);
        health.close();
        pause.close();
        if (mergeListener != null) {
            try {
                hazelcast.getLifecycleService().removeLifecycleListener(mergeListener);
            } catch (RuntimeException e) {
                log.debug("Lifecycle listener not removed (instance gone): " + e);
            }
        }
        store.close();
        events.close();
        try {
            HazelcastInstances.release(hazelcast, settings.hazelcast());
        } catch (RuntimeException e) {
            log.error("Shutting down the Hazelcast instance of sessions failed", e);
        }
    }
}
