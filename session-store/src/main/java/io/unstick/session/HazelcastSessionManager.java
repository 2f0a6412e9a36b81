package io.unstick.session;

import com.hazelcast.core.HazelcastInstance;
import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.core.Concurrency;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.EndOfRequest;
import io.unstick.session.internal.core.IdlePolicy;
import io.unstick.session.internal.core.SessionCommitter;
import io.unstick.session.internal.core.OnUnserializable;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.StoreUnavailableException;
import io.unstick.session.internal.hazelcast.HazelcastInstances;
import io.unstick.session.internal.hazelcast.HazelcastSessionStore;
import io.unstick.session.internal.hazelcast.HazelcastSettings;
import io.unstick.session.internal.hazelcast.LocallyOwnedKeys;
import io.unstick.session.internal.hazelcast.Topology;
import io.unstick.session.internal.tomcat.HazelcastSession;
import io.unstick.session.internal.tomcat.ManagerSettings;
import io.unstick.session.internal.tomcat.SessionCommitValve;
import io.unstick.session.internal.tomcat.SessionLoader;
import io.unstick.session.internal.tomcat.SessionRoutes;
import io.unstick.session.internal.tomcat.SessionServices;
import io.unstick.session.internal.tomcat.StoreEventHandler;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Session;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.modeler.Registry;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * A Tomcat {@code Manager} that keeps HTTP sessions in a Hazelcast IMap, so that any node can serve any client.
 *
 * <p>One line in {@code conf/context.xml} (or a web application's {@code META-INF/context.xml}) enables it; the
 * manager installs the valve that saves changes at the end of each request by itself:
 * <pre>{@code
 * <Manager className="io.unstick.session.HazelcastSessionManager"
 *          clusterName="shop" members="10.0.0.1:5701,10.0.0.2:5701" memberPort="5701"/>
 * }</pre>
 *
 * <p>Each request writes only what it changed (set, removed, or read and mutated in place), once, at its end, as
 * a delta applied atomically on the member that owns the session. The store decides expiry; one live node delivers
 * {@code sessionDestroyed} and {@code valueUnbound} per session. Counters: {@link #getMetrics()} and JMX. The
 * attributes below are read once, when the context starts.
 */
public class HazelcastSessionManager extends ManagerBase {

    private static final Log log = LogFactory.getLog(HazelcastSessionManager.class);

    private String topology = "embedded";
    private String clusterName = "unstick";
    private String members = "";
    private int memberPort = 5701;
    private String hazelcastConfig;
    private String hazelcastInstanceName;
    private String mapName;
    private int backupCount = 1;
    private boolean localCache;
    private String concurrency = "merge";
    private long lockTimeoutMs = 5_000;
    private long lockLeaseMs = 60_000;
    private String deserializationFilter = AttributeCodec.DEFAULT_FILTER;
    private String onUnserializable = "fail";

    private final Counters metrics = new Counters();
    private final SessionStoreMetrics metricsView = new MetricsView(metrics);
    private volatile Running running;

    /** Everything that exists only between start and stop. */
    private record Running(ManagerSettings settings, HazelcastInstance hazelcast, HazelcastSessionStore store,
                           SessionServices services, SessionLoader loader, SessionCommitValve valve,
                           StoreEventHandler events, LocallyOwnedKeys newIds, String node, ObjectName metricsName) {
    }

    // ------------------------------------------------------------------ configuration (context.xml attributes)

    /**
     * How this node reaches the store: {@code embedded} runs a Hazelcast member inside Tomcat (the Tomcat nodes
     * form the cluster), {@code client} connects to a separate Hazelcast cluster at {@link #setMembers members}.
     * Default {@code embedded}. Example: {@code topology="client"}.
     */
    public void setTopology(String topology) {
        this.topology = topology;
    }

    public String getTopology() {
        return topology;
    }

    /** Hazelcast cluster name; nodes with different names never share sessions. Default {@code unstick}. */
    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public String getClusterName() {
        return clusterName;
    }

    /**
     * Comma-separated {@code host:port} of cluster members: the TCP-IP join list (embedded; list every node,
     * including this one) or the addresses a client connects to. Multicast is never used. Default empty (a
     * single-member cluster). Example: {@code members="10.0.0.1:5701,10.0.0.2:5701"}.
     */
    public void setMembers(String members) {
        this.members = members;
    }

    public String getMembers() {
        return members;
    }

    /** Port of the embedded member (topology=embedded). Default {@code 5701}. Example: {@code memberPort="5702"}. */
    public void setMemberPort(int memberPort) {
        this.memberPort = memberPort;
    }

    public int getMemberPort() {
        return memberPort;
    }

    /**
     * Path of a full Hazelcast XML or YAML file (member or client configuration, by topology); when set it
     * replaces clusterName, members, memberPort and backupCount. Multicast stays off and phone-home disabled
     * whatever the file says. Default none. Example: {@code hazelcastConfig="${catalina.base}/conf/hazelcast.xml"}.
     */
    public void setHazelcastConfig(String hazelcastConfig) {
        this.hazelcastConfig = hazelcastConfig;
    }

    public String getHazelcastConfig() {
        return hazelcastConfig;
    }

    /**
     * Name of the Hazelcast instance; contexts of one Tomcat naming the same instance share it (it shuts down
     * with the last of them). Default {@code unstick-<clusterName>-<memberPort>} (embedded) or
     * {@code unstick-client-<clusterName>}, so identically configured contexts share one instance.
     * Example: {@code hazelcastInstanceName="sessions"}.
     */
    public void setHazelcastInstanceName(String hazelcastInstanceName) {
        this.hazelcastInstanceName = hazelcastInstanceName;
    }

    public String getHazelcastInstanceName() {
        return hazelcastInstanceName;
    }

    /**
     * Name of the IMap holding this context's sessions. Default {@code unstick-sessions:<host><context path>},
     * e.g. {@code unstick-sessions:localhost/shop}. Example: {@code mapName="shop-sessions"}.
     */
    public void setMapName(String mapName) {
        this.mapName = mapName;
    }

    public String getMapName() {
        return mapName;
    }

    /** Synchronous backup copies of each session in the embedded cluster (0-6). Default {@code 1}. */
    public void setBackupCount(int backupCount) {
        this.backupCount = backupCount;
    }

    public int getBackupCount() {
        return backupCount;
    }

    /**
     * Hybrid mode: keep sessions in this node's memory and serve reads without a remote call, while every change
     * still goes to the store; copies that another node changed are dropped on notice. Use with sticky routing.
     * Default {@code false} (every request reads the session from the store). Example: {@code localCache="true"}.
     */
    public void setLocalCache(boolean localCache) {
        this.localCache = localCache;
    }

    public boolean getLocalCache() {
        return localCache;
    }

    /**
     * {@code merge}: concurrent requests of one session merge per attribute; concurrent writes to the same
     * attribute are counted and logged, the last one wins. {@code lock}: requests of one session run one at a time
     * cluster-wide; a request that cannot get the lock within {@link #setLockTimeoutMs lockTimeoutMs} gets 503.
     * Default {@code merge}. Example: {@code concurrency="lock"}.
     */
    public void setConcurrency(String concurrency) {
        this.concurrency = concurrency;
    }

    public String getConcurrency() {
        return concurrency;
    }

    /** Longest wait for a session's lock (concurrency=lock) before answering 503. Default {@code 5000}. */
    public void setLockTimeoutMs(long lockTimeoutMs) {
        this.lockTimeoutMs = lockTimeoutMs;
    }

    public long getLockTimeoutMs() {
        return lockTimeoutMs;
    }

    /**
     * How long a session lock lives at most (concurrency=lock), so that a node dying mid-request cannot block the
     * session forever; requests must finish within it. Default {@code 60000}. Example: {@code lockLeaseMs="120000"}.
     */
    public void setLockLeaseMs(long lockLeaseMs) {
        this.lockLeaseMs = lockLeaseMs;
    }

    public long getLockLeaseMs() {
        return lockLeaseMs;
    }

    /**
     * JDK {@code ObjectInputFilter} pattern applied when attribute values are deserialized. Default: size limits
     * plus a reject-list of known gadget packages ({@link AttributeCodec#DEFAULT_FILTER}). Example (allow-list):
     * {@code deserializationFilter="com.example.**;java.**;jakarta.**;org.apache.catalina.**;org.apache.tomcat.**;!*"}
     * (the login principal and FORM login notes are Tomcat and JDK classes).
     */
    public void setDeserializationFilter(String deserializationFilter) {
        this.deserializationFilter = deserializationFilter;
    }

    public String getDeserializationFilter() {
        return deserializationFilter;
    }

    /**
     * What {@code setAttribute} does with a value that cannot be serialized: {@code fail} throws
     * IllegalArgumentException naming the attribute and its class; {@code warn} logs and keeps the value in this
     * node's memory only. Default {@code fail}. Example: {@code onUnserializable="warn"}.
     */
    public void setOnUnserializable(String onUnserializable) {
        this.onUnserializable = onUnserializable;
    }

    public String getOnUnserializable() {
        return onUnserializable;
    }

    /** A read-only view of this manager's counters; also registered in JMX as {@code type=UnstickSessionStore}. */
    public SessionStoreMetrics getMetrics() {
        return metricsView;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected void startInternal() throws LifecycleException {
        super.startInternal();
        ManagerSettings settings;
        AttributeCodec codec;
        try {
            settings = readSettings();
            codec = new AttributeCodec(settings.deserializationFilter());
        } catch (IllegalArgumentException e) {
            throw new LifecycleException("Invalid HazelcastSessionManager configuration for context "
                    + getContext().getName() + ": " + e.getMessage(), e);
        }
        HazelcastInstance hazelcast;
        try {
            hazelcast = HazelcastInstances.acquire(settings.hazelcast());
        } catch (RuntimeException e) {
            throw new LifecycleException("Cannot start the Hazelcast " + settings.hazelcast().topology()
                    + " instance for sessions of " + getContext().getName() + ": " + e, e);
        }
        try {
            running = start(settings, codec, hazelcast);
            // Listen and take requests only once everything they need is in place.
            running.store().listen(running.events(), running.node(), settings.localCache());
            getContext().getParent().getPipeline().addValve(running.valve());
        } catch (RuntimeException e) {
            Running failed = running;
            running = null;
            if (failed != null) {
                failed.store().close();
                failed.events().close();
                unregisterMetrics(failed.metricsName());
            }
            HazelcastInstances.release(hazelcast);
            throw new LifecycleException("Cannot start the session store of " + getContext().getName() + ": " + e,
                    e);
        }
        log.info("HazelcastSessionManager started for " + getContext().getName() + ": topology="
                + settings.hazelcast().topology() + ", map=" + settings.hazelcast().mapName() + ", localCache="
                + settings.localCache() + ", concurrency=" + settings.concurrency() + ", node=" + running.node());
        setState(LifecycleState.STARTING);
    }

    /** Wires the store, the valve and the event handler. */
    private Running start(ManagerSettings settings, AttributeCodec codec, HazelcastInstance hazelcast) {
        String node = (getJvmRoute() == null ? "node" : getJvmRoute()) + "-" + UUID.randomUUID();
        HazelcastSessionStore store = new HazelcastSessionStore(hazelcast, settings.hazelcast().mapName(),
                settings.lockLeaseMs(), metrics);
        SessionCommitter committer = new SessionCommitter(store,
                new EndOfRequest(codec, metrics, node, settings.localCache()), metrics, node);
        SessionCommitValve valve = new SessionCommitValve(getContext(), new Routes(), committer, store, metrics,
                settings.concurrency(), settings.lockTimeoutMs());
        SessionServices services = new SessionServices(codec, () -> getContext().getLoader().getClassLoader(),
                settings.onUnserializable(), settings.localCache(), metrics, valve::requestUses,
                this::dropLocalCopy);
        SessionLoader loader = new SessionLoader(this, codec, metrics);
        StoreEventHandler events = new StoreEventHandler(store, new LocalSessions(), metrics, node,
                getContext().getName());
        // Only a node that keeps its sessions and gets their requests gains from owning their entries.
        LocallyOwnedKeys newIds = settings.localCache() && settings.hazelcast().topology() == Topology.EMBEDDED
                ? LocallyOwnedKeys.of(hazelcast) : LocallyOwnedKeys.off();
        return new Running(settings, hazelcast, store, services, loader, valve, events, newIds, node,
                registerMetrics());
    }

    @Override
    protected void stopInternal() throws LifecycleException {
        setState(LifecycleState.STOPPING);
        Running stopping = running;
        running = null;
        if (stopping != null) {
            getContext().getParent().getPipeline().removeValve(stopping.valve());
            stopping.store().close();
            stopping.events().close();
            unregisterMetrics(stopping.metricsName());
            // The sessions live on in the cluster: forget the local copies without any event.
            sessions.clear();
            try {
                HazelcastInstances.release(stopping.hazelcast());
            } catch (RuntimeException e) {
                log.error("Shutting down the Hazelcast instance of " + getContext().getName() + " failed", e);
            }
        }
        super.stopInternal();
    }

    private ManagerSettings readSettings() {
        Topology parsedTopology = Topology.parse(topology);
        String map = mapName != null && !mapName.isBlank() ? mapName
                : "unstick-sessions:" + getContext().getParent().getName()
                        + (getContext().getPath().isEmpty() ? "/" : getContext().getPath());
        String instance = hazelcastInstanceName != null && !hazelcastInstanceName.isBlank() ? hazelcastInstanceName
                : parsedTopology == Topology.EMBEDDED ? "unstick-" + clusterName + "-" + memberPort
                        : "unstick-client-" + clusterName;
        HazelcastSettings hazelcast = new HazelcastSettings(parsedTopology, clusterName,
                HazelcastSettings.parseMembers(members), memberPort,
                hazelcastConfig == null || hazelcastConfig.isBlank() ? null : hazelcastConfig, instance, map,
                backupCount);
        return new ManagerSettings(hazelcast, localCache, Concurrency.parse(concurrency), lockTimeoutMs,
                lockLeaseMs, deserializationFilter, OnUnserializable.parse(onUnserializable));
    }

    private ObjectName registerMetrics() {
        try {
            ObjectName name = new ObjectName(getDomain() + ":"
                    + getObjectNameKeyProperties().replace("type=Manager", "type=UnstickSessionStore"));
            Registry.getRegistry(null).getMBeanServer().registerMBean(
                    new StandardMBean(metricsView, SessionStoreMetrics.class), name);
            return name;
        } catch (Exception e) {
            log.warn("Session store metrics are not available in JMX for " + getContext().getName(), e);
            return null;
        }
    }

    private void unregisterMetrics(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            Registry.getRegistry(null).getMBeanServer().unregisterMBean(name);
        } catch (Exception e) {
            log.warn("Could not unregister " + name, e);
        }
    }

    /** Sessions live in the cluster; there is nothing to load from local persistence. */
    @Override
    public void load() {
    }

    /** Sessions live in the cluster; there is nothing to write to local persistence. */
    @Override
    public void unload() {
    }

    // ------------------------------------------------------------------ sessions

    @Override
    protected StandardSession getNewSession() {
        return new HazelcastSession(this, running().services());
    }

    /** With a local copy (hybrid), an id whose store entry this node's member owns: see {@link LocallyOwnedKeys}. */
    @Override
    protected String generateSessionId() {
        Running run = running;
        return run == null ? super.generateSessionId() : run.newIds().pick(super::generateSessionId, SessionIds::storeKey);
    }

    @Override
    public Session findSession(String id) throws IOException {
        return findSession(id, false);
    }

    /**
     * @param fromStore ignore an idle local copy: the session was served elsewhere since (its cookie carries
     *        another node's route), so only the store has its latest state
     */
    private Session findSession(String id, boolean fromStore) {
        if (id == null) {
            return null;
        }
        Running run = running();
        String key = SessionIds.base(id);
        String localId = SessionIds.withRoute(key, getJvmRoute());
        HazelcastSession local = (HazelcastSession) sessions.get(localId);
        boolean trustLocal = !fromStore && run.settings().localCache()
                && run.settings().concurrency() == Concurrency.MERGE && local != null && !local.isStale();
        if (local != null && (local.inUse() || trustLocal || run.valve().usedByCurrentRequest(local))) {
            if (trustLocal) {
                metrics.localCacheHit();
            }
            return local;
        }
        Optional<SessionRecord> record;
        try {
            record = run.settings().localCache() ? run.store().loadToKeep(key, run.node()) : run.store().load(key);
        } catch (RuntimeException e) {
            throw new SessionStoreUnavailableException(new StoreUnavailableException(
                    "Session store unavailable while loading session " + key, e));
        }
        if (record.isEmpty()) {
            if (local != null) {
                dropLocalCopy(local);
            }
            return null;
        }
        HazelcastSession loaded = run.loader().register(record.get(), localId);
        run.valve().requestUses(loaded); // one store read per request, however often the request looks it up
        return loaded;
    }

    @Override
    public void remove(Session session, boolean update) {
        super.remove(session, update);
        if (session instanceof HazelcastSession hs && hs.isExpiring() && !hs.removedFromStore() && hs.isStored()) {
            String key = SessionIds.storeKey(session.getIdInternal());
            try {
                running().store().remove(key);
            } catch (RuntimeException e) {
                throw new SessionStoreUnavailableException(new StoreUnavailableException("Session " + key
                        + " could not be removed from the session store; it stays valid on other nodes", e));
            }
        }
    }

    @Override
    protected void changeSessionId(Session session, String newId, boolean notifySessionListeners,
                                   boolean notifyContainerListeners) {
        String oldId = session.getIdInternal();
        // Under the session's lock, like commits (see SessionCommitter): the store and the local name change together.
        synchronized (session) {
            String oldKey = SessionIds.storeKey(oldId);
            String newKey = SessionIds.storeKey(newId);
            if (session instanceof HazelcastSession hs && hs.isStored() && !oldKey.equals(newKey)) {
                boolean moved = running().store().rename(oldKey, newKey,
                        IdlePolicy.ttlMillis(session.getMaxInactiveInterval()));
                if (!moved) {
                    log.warn("Session " + oldKey + " was no longer stored when its id changed; it is stored anew as "
                            + newKey);
                    hs.notStored();
                }
            }
            session.setId(newId, false);
        }
        session.tellChangedSessionId(newId, oldId, notifySessionListeners, notifyContainerListeners);
    }

    /** Drops stale local copies; expiry itself is the store's job. */
    @Override
    public void processExpires() {
        long now = System.currentTimeMillis();
        boolean keepCopies = running != null && running.settings().localCache();
        for (Session session : findSessions()) {
            HazelcastSession hs = (HazelcastSession) session;
            if (hs.inUse()) {
                continue;
            }
            long limit = IdlePolicy.ttlMillis(hs.getMaxInactiveInterval());
            if (!keepCopies || (limit > 0 && now - hs.getThisAccessedTimeInternal() > limit)) {
                dropLocalCopy(hs);
            }
        }
    }

    private void dropLocalCopy(HazelcastSession session) {
        sessions.remove(session.getIdInternal(), session);
    }

    private Running running() {
        Running current = running;
        if (current == null) {
            throw new IllegalStateException("HazelcastSessionManager of " + getContext().getName()
                    + " is not started");
        }
        return current;
    }

    /** The node id used in the store for this manager's writes (diagnostics). */
    public String getNodeId() {
        Running current = running;
        return current == null ? null : current.node();
    }

    private final class Routes implements SessionRoutes {
        @Override
        public boolean isForeign(String sessionId) {
            String ours = getJvmRoute();
            String theirs = SessionIds.route(sessionId);
            return ours != null && !ours.isEmpty() && theirs != null && !theirs.equals(ours);
        }

        @Override
        public Session adopt(String sessionId) {
            return findSession(sessionId, true);
        }

        @Override
        public void forget(HazelcastSession session) {
            dropLocalCopy(session);
        }
    }

    private final class LocalSessions implements StoreEventHandler.LocalSessions {
        @Override
        public HazelcastSession localCopy(String key) {
            return (HazelcastSession) sessions.get(SessionIds.withRoute(key, getJvmRoute()));
        }

        @Override
        public HazelcastSession detachedCopy(SessionRecord record) {
            return running().loader().detached(record, SessionIds.withRoute(record.id(), getJvmRoute()));
        }

        @Override
        public void dropLocalCopy(HazelcastSession session) {
            HazelcastSessionManager.this.dropLocalCopy(session);
        }
    }
}
