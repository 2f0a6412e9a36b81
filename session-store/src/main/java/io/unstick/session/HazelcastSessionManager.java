package io.unstick.session;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.StoreSecrets;
import io.unstick.session.internal.core.Concurrency;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.IdlePolicy;
import io.unstick.session.internal.core.OnUnserializable;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.StoreUnavailableException;
import io.unstick.session.internal.hazelcast.HazelcastSettings;
import io.unstick.session.internal.hazelcast.Resilience;
import io.unstick.session.internal.hazelcast.Topology;
import io.unstick.session.internal.core.StoreReadiness;
import io.unstick.session.internal.tomcat.HazelcastSession;
import io.unstick.session.internal.tomcat.ReadinessMBean;
import io.unstick.session.internal.tomcat.ManagerSettings;
import io.unstick.session.internal.tomcat.StoreRuntime;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Session;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.modeler.Registry;

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

    /** Static resources, which cannot touch the session: see {@link #setRequestUriIgnorePattern}. */
    private static final String DEFAULT_IGNORE_PATTERN = ".*\\.(css|js|mjs|map|png|gif|jpe?g|webp|avif|svg|ico"
            + "|woff2?|ttf|otf|eot)$";

    private static final Log log = LogFactory.getLog(HazelcastSessionManager.class);

    private String topology = "embedded";
    private String clusterName = "unstick";
    private String members = "";
    private int memberPort = 5701;
    private String memberAddress;
    private int clientPort;
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
    private String requestUriIgnorePattern = DEFAULT_IGNORE_PATTERN;
    private String storeSecret;
    private String storeSecretFile;
    private String previousStoreSecret;
    private String previousStoreSecretFile;
    private int unknownIdCacheSize = 10_000;
    private long unknownIdCacheMs = 3_000;
    private int emptySessionTimeoutSeconds;
    private boolean acceptUrlSessionIds;
    private long storeTimeoutMs = Resilience.DEFAULT.storeTimeoutMs();
    private int minClusterSize;
    private long safeStopTimeoutMs = Resilience.DEFAULT.safeStopTimeoutMs();

    private final Counters counters = new Counters();
    private final SessionStoreMetrics metrics = new MetricsView(counters);
    private ObjectName metricsName;
    private ObjectName readinessName;
    private volatile StoreRuntime running;

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
     * The one address the embedded member binds and advertises; it never listens on every interface. Default: the
     * entry of {@link #setMembers members} on {@code memberPort} that is an address of this machine (127.0.0.1 when
     * members is empty). Example: {@code memberAddress="10.0.0.2"}.
     */
    public void setMemberAddress(String memberAddress) {
        this.memberAddress = memberAddress;
    }

    public String getMemberAddress() {
        return memberAddress;
    }

    /**
     * Port on which the embedded member also accepts Hazelcast clients (Management Center, a diagnostic tool), on
     * its member address. Default {@code 0}: none, the member speaks only the member protocol, so a Hazelcast client
     * cannot connect; the same value as memberPort offers both on one port. Example: {@code clientPort="5801"}.
     */
    public void setClientPort(int clientPort) {
        this.clientPort = clientPort;
    }

    public int getClientPort() {
        return clientPort;
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

    /**
     * With {@code concurrency="lock"}: requests whose URI (the path, context path included, without the query)
     * matches this regular expression take no session lock, so that a page's images, scripts and styles do not
     * queue behind each other and behind the page. Meant for static resources, which cannot touch the session; if
     * such a request changes the session anyway, its change is still saved, merged per attribute as in merge mode.
     * Empty: every request that names a session is locked. Default: common static file extensions
     * ({@code .css .js .mjs .map .png .gif .jpg .jpeg .webp .avif .svg .ico .woff .woff2 .ttf .otf .eot}).
     * Example: {@code requestUriIgnorePattern=".*\.(css|js|png)$|/static/.*"}.
     */
    public void setRequestUriIgnorePattern(String requestUriIgnorePattern) {
        this.requestUriIgnorePattern = requestUriIgnorePattern;
    }

    public String getRequestUriIgnorePattern() {
        return requestUriIgnorePattern;
    }

    /**
     * The cluster secret: store keys are keyed hashes of session ids under it, and every stored value is encrypted
     * and authenticated with keys derived from it. The same value on every node, at least 32 characters. Default:
     * {@link #setStoreSecretFile storeSecretFile}, else the environment variable {@code UNSTICK_STORE_SECRET}; a
     * store that other machines can reach does not start without one. Write-only (no getter, not in JMX). Example:
     * {@code storeSecret="${UNSTICK_STORE_SECRET}"} with Tomcat's environment property source.
     */
    public void setStoreSecret(String storeSecret) {
        this.storeSecret = storeSecret;
    }

    /** A file holding the cluster secret (see {@link #setStoreSecret}); readable by Tomcat's user only. */
    public void setStoreSecretFile(String storeSecretFile) {
        this.storeSecretFile = storeSecretFile;
    }

    public String getStoreSecretFile() {
        return storeSecretFile;
    }

    /**
     * A second secret still accepted for reading, so that the secret can be rotated without downtime (see the
     * README's rotation procedure). Default: {@link #setPreviousStoreSecretFile previousStoreSecretFile}, else the
     * environment variable {@code UNSTICK_STORE_SECRET_PREVIOUS}, else none. Write-only.
     */
    public void setPreviousStoreSecret(String previousStoreSecret) {
        this.previousStoreSecret = previousStoreSecret;
    }

    /** A file holding the previous secret (see {@link #setPreviousStoreSecret}). */
    public void setPreviousStoreSecretFile(String previousStoreSecretFile) {
        this.previousStoreSecretFile = previousStoreSecretFile;
    }

    public String getPreviousStoreSecretFile() {
        return previousStoreSecretFile;
    }

    /**
     * How many store keys of session ids the store did not have are remembered, so that a client repeating an
     * unknown or forged id costs no store read per request (default 10000; 0: no cache).
     */
    public void setUnknownIdCacheSize(int unknownIdCacheSize) {
        this.unknownIdCacheSize = unknownIdCacheSize;
    }

    public int getUnknownIdCacheSize() {
        return unknownIdCacheSize;
    }

    /**
     * How long a session id the store did not have is remembered as unknown (default 3000 ms; 0: not at all). A
     * session that appears under it later elsewhere is hidden from this node for at most that long.
     */
    public void setUnknownIdCacheMs(long unknownIdCacheMs) {
        this.unknownIdCacheMs = unknownIdCacheMs;
    }

    public long getUnknownIdCacheMs() {
        return unknownIdCacheMs;
    }

    /**
     * Idle timeout of a new session until it holds something: while it has no attribute and no login it lives
     * this many seconds; its first attribute or login gives it the context's session timeout. 0 (default): off. It
     * applies only to sessions whose timeout the application left at the context's default. Example:
     * {@code emptySessionTimeoutSeconds="60"}, so that a flood of requests that each start a session costs memory
     * for a minute, not for half an hour.
     */
    public void setEmptySessionTimeoutSeconds(int emptySessionTimeoutSeconds) {
        this.emptySessionTimeoutSeconds = emptySessionTimeoutSeconds;
    }

    public int getEmptySessionTimeoutSeconds() {
        return emptySessionTimeoutSeconds;
    }

    /**
     * Whether a session id given only in the URL ({@code ;jsessionid=...}) is taken. Default false: such a request
     * is served as if it named no session, since a link could otherwise put its reader into a session its author
     * knows (session fixation). Ids in cookies are unaffected. Set true only for clients without cookies.
     */
    public void setAcceptUrlSessionIds(boolean acceptUrlSessionIds) {
        this.acceptUrlSessionIds = acceptUrlSessionIds;
    }

    public boolean isAcceptUrlSessionIds() {
        return acceptUrlSessionIds;
    }

    /**
     * Longest wait for any store call a request makes (read, write, refresh, removal, rename); then the request gets
     * 503 with {@code Retry-After: 1} and the counter {@code store_timeouts} grows. Hazelcast's failure detection
     * and operation timeouts are derived from it (see the README). Keep it well below the balancer's backend timeout.
     * Default {@code 2000}. Example: {@code storeTimeoutMs="1500"}.
     */
    public void setStoreTimeoutMs(long storeTimeoutMs) {
        this.storeTimeoutMs = storeTimeoutMs;
    }

    public long getStoreTimeoutMs() {
        return storeTimeoutMs;
    }

    /**
     * How many members a side of a split cluster needs to serve sessions; a member that sees fewer refuses session
     * reads and writes (503) and reports not ready, so no divergent copy is ever served or written. {@code 0}: a
     * strict majority of {@link #setMembers members} when three or more are listed, else {@code 1}, which turns the
     * protection off (with one or two members no majority survives the loss of one). Topology=embedded only: a
     * separate cluster sets it on its members. Default {@code 0}. Example: {@code minClusterSize="2"}.
     */
    public void setMinClusterSize(int minClusterSize) {
        this.minClusterSize = minClusterSize;
    }

    public int getMinClusterSize() {
        return minClusterSize;
    }

    /**
     * When the manager stops (and no other context shares its member), how long the member waits for its partitions
     * to be safe elsewhere (every backup in sync) before it leaves the cluster; the wait and its outcome are logged.
     * Hazelcast's own shutdown hook is off: the container's stop decides when the member leaves. Default
     * {@code 30000}. Example: {@code safeStopTimeoutMs="60000"}.
     */
    public void setSafeStopTimeoutMs(long safeStopTimeoutMs) {
        this.safeStopTimeoutMs = safeStopTimeoutMs;
    }

    public long getSafeStopTimeoutMs() {
        return safeStopTimeoutMs;
    }

    // ------------------------------------------------------------------ lifecycle

    /** A read-only view of this manager's counters; also in JMX as {@code type=UnstickSessionStore}. */
    public SessionStoreMetrics getMetrics() {
        return metrics;
    }

    /**
     * Whether this node can serve sessions now (see {@link SessionStoreReadiness}); answered without a remote call,
     * so a health check may ask it as often as it likes.
     */
    public SessionStoreReadiness getReadiness() {
        StoreRuntime current = running;
        if (current == null) {
            return new SessionStoreReadiness(false, "the session manager is " + getState().name().toLowerCase(
                    java.util.Locale.ROOT));
        }
        StoreReadiness readiness = current.readiness();
        return new SessionStoreReadiness(readiness.ready(), readiness.reason());
    }

    /**
     * Whether every partition's backups are in sync, so that this node's member may stop without losing a session:
     * what a rolling restart waits for before it takes the next node down. False for a client, or while the manager
     * is not running.
     *
     * <p>This asks every member: Hazelcast checks each partition's replicas, thousands of small operations on a
     * default cluster (measured: about 68 KB between three members per call). Ask it before stopping a member, not
     * in a frequent health check; {@link #getReadiness()} is the one for those.
     */
    public boolean isClusterSafe() {
        StoreRuntime current = running;
        return current != null && current.isClusterSafe();
    }

    /** This node's id in the store while the manager runs (its writes and its copies), else null. */
    public String getNodeId() {
        StoreRuntime current = running;
        return current == null ? null : current.node();
    }

    /** Registers the counters in JMX next to the Manager's own MBean, for the manager's whole life. */
    @Override
    protected void initInternal() throws LifecycleException {
        super.initInternal();
        try {
            ObjectName name = new ObjectName(getDomain() + ":"
                    + getObjectNameKeyProperties().replace("type=Manager", "type=UnstickSessionStore"));
            Registry.getRegistry(null).getMBeanServer()
                    .registerMBean(new StandardMBean(metrics, SessionStoreMetrics.class), name);
            metricsName = name;
            ObjectName readiness = new ObjectName(getDomain() + ":"
                    + getObjectNameKeyProperties().replace("type=Manager", "type=UnstickSessionStoreReadiness"));
            Registry.getRegistry(null).getMBeanServer().registerMBean(new StandardMBean(new ReadinessMBean() {
                @Override
                public boolean isReady() {
                    return getReadiness().ready();
                }

                @Override
                public String getReason() {
                    String reason = getReadiness().reason();
                    return reason == null ? "" : reason;
                }

                @Override
                public boolean isClusterSafe() {
                    return HazelcastSessionManager.this.isClusterSafe();
                }
            }, ReadinessMBean.class), readiness);
            readinessName = readiness;
        } catch (Exception e) {
            log.warn("Session store metrics are not available in JMX for " + StoreRuntime.label(getContext()), e);
        }
    }

    @Override
    protected void startInternal() throws LifecycleException {
        super.startInternal();
        running = StoreRuntime.start(this, sessions, settings(), counters);
        setState(LifecycleState.STARTING);
    }

    @Override
    protected void stopInternal() throws LifecycleException {
        setState(LifecycleState.STOPPING);
        StoreRuntime stopping = running;
        running = null;
        if (stopping != null) {
            stopping.close();
        }
        sessions.clear(); // the sessions live on in the cluster: forget this node's copies without any event
        super.stopInternal();
    }

    @Override
    protected void destroyInternal() throws LifecycleException {
        for (ObjectName name : new ObjectName[] {metricsName, readinessName}) {
            if (name != null) {
                try {
                    Registry.getRegistry(null).getMBeanServer().unregisterMBean(name);
                } catch (Exception e) {
                    log.warn("Could not unregister " + name, e);
                }
            }
        }
        super.destroyInternal();
    }

    /** The attributes, read once and validated; a bad value stops the context with a message naming it. */
    private ManagerSettings settings() throws LifecycleException {
        try {
            Topology parsedTopology = Topology.parse(topology);
            String map = mapName != null && !mapName.isBlank() ? mapName
                    : "unstick-sessions:" + getContext().getParent().getName()
                            + (getContext().getPath().isEmpty() ? "/" : getContext().getPath());
            String instance = hazelcastInstanceName != null && !hazelcastInstanceName.isBlank()
                    ? hazelcastInstanceName
                    : parsedTopology == Topology.EMBEDDED ? "unstick-" + clusterName + "-" + memberPort
                            : "unstick-client-" + clusterName;
            HazelcastSettings hazelcast = new HazelcastSettings(parsedTopology, clusterName,
                    HazelcastSettings.parseMembers(members), memberPort,
                    hazelcastConfig == null || hazelcastConfig.isBlank() ? null : hazelcastConfig, instance, map,
                    backupCount, new Resilience(storeTimeoutMs, minClusterSize, safeStopTimeoutMs), memberAddress,
                    clientPort);
            return new ManagerSettings(hazelcast, localCache, Concurrency.parse(concurrency), lockTimeoutMs,
                    lockLeaseMs, deserializationFilter, OnUnserializable.parse(onUnserializable),
                    ManagerSettings.parseIgnorePattern(requestUriIgnorePattern), secrets(hazelcast),
                    unknownIdCacheSize, unknownIdCacheMs, emptySessionTimeoutSeconds,
                    acceptUrlSessionIds);
        } catch (IllegalArgumentException e) {
            throw new LifecycleException("Invalid HazelcastSessionManager configuration for context "
                    + StoreRuntime.label(getContext()) + ": " + e.getMessage(), e);
        }
    }

    /** The secrets, from the attributes or the environment (read here, once, at start). */
    private StoreSecrets secrets(HazelcastSettings hazelcast) {
        return StoreSecrets.resolve(
                new StoreSecrets.Sources(storeSecret, storeSecretFile, System.getenv(StoreSecrets.VARIABLE)),
                new StoreSecrets.Sources(previousStoreSecret, previousStoreSecretFile,
                        System.getenv(StoreSecrets.PREVIOUS_VARIABLE)),
                hazelcast.reach(), hazelcast.clusterName());
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

    /**
     * A new session, unless the cluster already holds {@code maxActiveSessions} (then 503, see {@link
     * SessionStoreUnavailableException}); with {@code emptySessionTimeoutSeconds}, a short idle timeout until it
     * holds something.
     */
    @Override
    public Session createSession(String sessionId) {
        StoreRuntime current = running();
        try {
            if (!current.cap().admits()) {
                rejectedSessions++;
                throw new SessionStoreUnavailableException(new StoreUnavailableException("No new session: the"
                        + " session store holds maxActiveSessions (" + getMaxActiveSessions() + ") sessions", null));
            }
        } catch (StoreUnavailableException e) {
            throw new SessionStoreUnavailableException(e);
        }
        Session session = super.createSession(sessionId);
        current.cap().created();
        int contextDefault = getContext().getSessionTimeout() * 60;
        session.setMaxInactiveInterval(IdlePolicy.whenCreated(session.getMaxInactiveInterval(), contextDefault,
                emptySessionTimeoutSeconds));
        return session;
    }

    @Override
    protected StandardSession getNewSession() {
        return running().newSession(this);
    }

    /** With local copies (hybrid, embedded), an id whose store entry this node's member owns. */
    @Override
    protected String generateSessionId() {
        StoreRuntime current = running;
        return current == null ? super.generateSessionId()
                : current.newIds().pick(super::generateSessionId, id -> current.keys().of(SessionIds.base(id)));
    }

    /** This node's copy, or the store's session (see LocalCopyPolicy); null when the store has none. */
    @Override
    public Session findSession(String id) {
        if (id == null) {
            return null;
        }
        try {
            return running().sessions().find(id, false);
        } catch (StoreUnavailableException e) {
            throw new SessionStoreUnavailableException(e);
        }
    }

    /** Also indexes the copy by its store key, for store events. */
    @Override
    public void add(Session session) {
        super.add(session);
        StoreRuntime current = running;
        if (current != null) {
            current.sessions().added(session);
        }
    }

    /** Also removes a session invalidated here from the store. */
    @Override
    public void remove(Session session, boolean update) {
        super.remove(session, update);
        StoreRuntime current = running;
        if (current != null) {
            try {
                current.sessions().removed(session);
            } catch (StoreUnavailableException e) {
                throw new SessionStoreUnavailableException(e);
            }
        }
    }

    /** The store moves the session to the new id, under the session's monitor like its commits. */
    @Override
    protected void changeSessionId(Session session, String newId, boolean notifySessionListeners,
                                   boolean notifyContainerListeners) {
        String oldId = session.getIdInternal();
        synchronized (session) {
            try {
                running().sessions().renamed((HazelcastSession) session, newId);
            } catch (StoreUnavailableException e) {
                throw new SessionStoreUnavailableException(e); // the session keeps its old id
            }
            session.setId(newId, false);
        }
        session.tellChangedSessionId(newId, oldId, notifySessionListeners, notifyContainerListeners);
    }

    /** Drops the local copies the policy no longer keeps; expiry itself is the store's job. */
    @Override
    public void processExpires() {
        StoreRuntime current = running;
        if (current != null) {
            current.sessions().sweep(System.currentTimeMillis());
        }
    }

    private StoreRuntime running() {
        StoreRuntime current = running;
        if (current == null) {
            throw new IllegalStateException("HazelcastSessionManager of " + StoreRuntime.label(getContext())
                    + " is not started");
        }
        return current;
    }
}
