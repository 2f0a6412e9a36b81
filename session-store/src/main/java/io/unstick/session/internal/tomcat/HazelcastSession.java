package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.UnserializableAttributeException;
import io.unstick.session.internal.core.OnUnserializable;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.StoredAttribute;
import org.apache.catalina.Manager;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.math.BigInteger;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Tomcat session whose attributes come from the store lazily and whose changes are tracked for a delta write.
 *
 * <p>Stored attributes stay serialized until first read; reading one deserializes it with the web application's
 * class loader. The session remembers which attributes a request set, removed or read (reads may be mutated in
 * place), and the store version each was based on. It never expires by itself: the store decides expiry, so that
 * destroyed events fire once cluster-wide.
 */
public final class HazelcastSession extends StandardSession {

    private static final long serialVersionUID = 1L;
    private static final Log log = LogFactory.getLog(HazelcastSession.class);
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class,
            Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class);

    /**
     * Notes of container-managed FORM login (the saved request, its session id, the user name) are stored with
     * the session under reserved attribute names, so that a login may start on one node and finish on another.
     * The password note is never stored.
     */
    static final Set<String> STORED_NOTES = Set.of(Constants.FORM_REQUEST_NOTE, Constants.SESSION_ID_NOTE,
            Constants.SESS_USERNAME_NOTE);
    static final String NOTE_PREFIX = "\u0000unstick.note:";

    private final transient SessionServices services;
    private final transient Map<String, StoredAttribute> notYetRead = new ConcurrentHashMap<>();
    private final transient Map<String, Long> baseVersions = new ConcurrentHashMap<>();
    private final transient Map<String, byte[]> storedDigests = new ConcurrentHashMap<>();
    private final transient Set<String> changed = ConcurrentHashMap.newKeySet();
    private final transient Set<String> removed = ConcurrentHashMap.newKeySet();
    private final transient Set<String> read = ConcurrentHashMap.newKeySet();
    private final transient Set<String> localOnly = ConcurrentHashMap.newKeySet();
    private final transient AtomicInteger requestsInFlight = new AtomicInteger();
    private final transient AtomicBoolean metadataChanged = new AtomicBoolean();
    private transient volatile boolean stored;
    private transient volatile boolean removedFromStore;
    private transient volatile long storeRefreshedAt;
    private transient volatile boolean stale;

    public HazelcastSession(Manager manager, SessionServices services) {
        super(manager);
        this.services = services;
    }

    // ---------------------------------------------------------------- loading

    /** Fills this empty session from a store record, without events. */
    void load(SessionRecord record, Principal storedPrincipal, Map<String, Object> storedNotes) {
        this.creationTime = record.creationTime();
        this.lastAccessedTime = record.lastAccessedTime();
        this.thisAccessedTime = record.lastAccessedTime();
        this.maxInactiveInterval = record.maxInactiveSeconds();
        this.authType = record.authType();
        this.principal = storedPrincipal;
        this.isNew = false;
        this.isValid = true;
        for (Map.Entry<String, StoredAttribute> e : record.attributes().entrySet()) {
            if (!isNoteKey(e.getKey())) {
                notYetRead.put(e.getKey(), e.getValue());
            }
            baseVersions.put(e.getKey(), e.getValue().version());
        }
        storedNotes.forEach((name, value) -> notes.put(name, value));
        this.stored = true;
        this.storeRefreshedAt = record.lastAccessedTime();
    }

    /** Names this copy with {@code localId} without registering it with the manager (expiry delivery). */
    void nameWithoutRegistering(String localId) {
        this.id = localId;
    }

    // ---------------------------------------------------------------- attributes

    @Override
    public Object getAttribute(String name) {
        if (name != null) {
            materialize(name);
        }
        Object value = super.getAttribute(name);
        if (value != null && !isImmutable(value)) {
            read.add(name);
        }
        return value;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        if (!isValidInternal()) {
            throw new IllegalStateException("getAttributeNames: session " + getIdInternal() + " is invalidated");
        }
        return Collections.enumeration(new LinkedHashSet<>(java.util.Arrays.asList(keys())));
    }

    @Override
    protected String[] keys() {
        Set<String> names = new LinkedHashSet<>(attributes.keySet());
        names.addAll(notYetRead.keySet());
        return names.toArray(new String[0]);
    }

    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        if (name == null || value == null) {
            super.setAttribute(name, value, notify); // Tomcat's own contract: null name fails, null value removes
            return;
        }
        boolean distributable = checkSerializable(name, value);
        materialize(name); // the previous value must be real to receive valueUnbound
        super.setAttribute(name, value, notify);
        if (distributable) {
            localOnly.remove(name);
            changed.add(name);
            removed.remove(name);
        } else {
            localOnly.add(name);
        }
    }

    @Override
    public void removeAttribute(String name, boolean notify) {
        if (name != null) {
            materialize(name);
        }
        boolean present = name != null && attributes.containsKey(name);
        super.removeAttribute(name, notify);
        if (present) {
            changed.remove(name);
            read.remove(name);
            if (!localOnly.remove(name)) {
                removed.add(name);
            }
        }
    }

    private boolean checkSerializable(String name, Object value) {
        try {
            services.codec().serialize(name, value);
            return true;
        } catch (UnserializableAttributeException e) {
            services.metrics().serializationFailure();
            if (services.onUnserializable() == OnUnserializable.FAIL) {
                throw e;
            }
            log.warn(e.getMessage() + "; onUnserializable=warn keeps it in this node's memory only");
            return false;
        }
    }

    private void materialize(String name) {
        StoredAttribute stored = notYetRead.get(name);
        if (stored == null) {
            return;
        }
        Object value;
        try {
            value = services.codec().deserialize(stored.bytes(), services.webappClassLoader());
        } catch (Exception e) {
            services.metrics().deserializationFailure();
            throw new IllegalStateException("Session attribute '" + name + "' of session " + getIdInternal()
                    + " could not be read from the store: " + e, e);
        }
        storedDigests.put(name, AttributeCodec.digest(stored.bytes()));
        attributes.putIfAbsent(name, value);
        notYetRead.remove(name, stored);
    }

    private void materializeAll() {
        for (String name : notYetRead.keySet()) {
            try {
                materialize(name);
            } catch (IllegalStateException e) {
                log.error("Session " + getIdInternal() + " ends without unbinding attribute '" + name + "'", e);
                notYetRead.remove(name);
            }
        }
    }

    private static boolean isImmutable(Object value) {
        return IMMUTABLE.contains(value.getClass()) || value instanceof Enum<?>;
    }

    // ---------------------------------------------------------------- notes

    static boolean isNoteKey(String storedName) {
        return storedName.startsWith(NOTE_PREFIX);
    }

    @Override
    public void setNote(String name, Object value) {
        super.setNote(name, value);
        if (STORED_NOTES.contains(name)) {
            changed.add(NOTE_PREFIX + name);
            removed.remove(NOTE_PREFIX + name);
        }
    }

    @Override
    public void removeNote(String name) {
        boolean present = getNote(name) != null;
        super.removeNote(name);
        if (present && STORED_NOTES.contains(name)) {
            changed.remove(NOTE_PREFIX + name);
            removed.add(NOTE_PREFIX + name);
        }
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public void setMaxInactiveInterval(int interval) {
        if (interval != this.maxInactiveInterval) {
            metadataChanged.set(true);
        }
        super.setMaxInactiveInterval(interval);
    }

    @Override
    public void setPrincipal(Principal principal) {
        metadataChanged.set(true);
        super.setPrincipal(principal);
    }

    @Override
    public void setAuthType(String authType) {
        metadataChanged.set(true);
        super.setAuthType(authType);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Local expiry is off: the store's time to live decides, so that one node delivers destroyed events. */
    @Override
    public boolean isValid() {
        return this.isValid;
    }

    @Override
    public void access() {
        super.access();
        requestsInFlight.incrementAndGet();
        services.requestUses(this);
    }

    @Override
    public void endAccess() {
        super.endAccess();
        if (requestsInFlight.decrementAndGet() <= 0 && !services.localCache()) {
            services.dropLocalCopy(this);
        }
    }

    @Override
    public void expire(boolean notify) {
        if (!isValid || expiring) {
            return;
        }
        materializeAll(); // listeners and valueUnbound need real values
        services.metrics().sessionDestroyed();
        super.expire(notify);
    }

    /** Delivers the destroyed events of a session the store already expired. */
    void expireFromStore() {
        removedFromStore = true;
        expire(true);
    }

    public boolean inUse() {
        return requestsInFlight.get() > 0;
    }

    /** Another node changed the stored session while a request here used this copy: never serve it again. */
    void markStale() {
        stale = true;
    }

    public boolean isStale() {
        return stale;
    }

    /** True while {@link #expire} runs: the manager removes the session from the store then. */
    public boolean isExpiring() {
        return expiring;
    }

    public boolean removedFromStore() {
        return removedFromStore;
    }

    boolean isValidState() {
        return isValid && !expiring;
    }

    // ---------------------------------------------------------------- commit support

    public boolean isStored() {
        return stored;
    }

    long storeRefreshedAt() {
        return storeRefreshedAt;
    }

    /**
     * What one commit takes over: attributes set or read (perhaps mutated in place), removals, and whether the
     * metadata changed. Taking them clears them, so that whatever a concurrent request of this node changes
     * meanwhile stays pending for its own commit.
     */
    record Pending(Set<String> candidates, Set<String> removed, boolean metadata) {
    }

    Pending takePending() {
        Set<String> candidates = new LinkedHashSet<>(take(changed));
        candidates.addAll(take(read));
        candidates.removeAll(localOnly);
        return new Pending(candidates, take(removed), metadataChanged.getAndSet(false));
    }

    private static Set<String> take(Set<String> pending) {
        Set<String> taken = new LinkedHashSet<>();
        for (String name : List.copyOf(pending)) {
            if (pending.remove(name)) {
                taken.add(name);
            }
        }
        return taken;
    }

    /** Puts back what a failed commit took, unless a later change superseded it. */
    void restore(Pending pending) {
        changed.addAll(pending.candidates());
        for (String name : pending.removed()) {
            if (!changed.contains(name)) {
                removed.add(name);
            }
        }
        if (pending.metadata()) {
            metadataChanged.set(true);
        }
    }

    /** The in-memory value of an attribute or stored note, without counting as a read. */
    Object localValue(String storedName) {
        return isNoteKey(storedName) ? getNote(storedName.substring(NOTE_PREFIX.length()))
                : attributes.get(storedName);
    }

    byte[] storedDigest(String name) {
        return storedDigests.get(name);
    }

    long baseVersion(String name) {
        return baseVersions.getOrDefault(name, SessionDelta.ABSENT);
    }

    /** Records what the store now holds after a successful write. */
    void committed(Map<String, byte[]> writtenDigests, Set<String> removedNow, long version, long accessedAt) {
        for (Map.Entry<String, byte[]> e : writtenDigests.entrySet()) {
            storedDigests.put(e.getKey(), e.getValue());
            baseVersions.put(e.getKey(), version);
        }
        for (String name : removedNow) {
            storedDigests.remove(name);
            baseVersions.remove(name);
        }
        storeRefreshed(accessedAt);
        stored = true;
    }

    /** The store's idle clock now counts from {@code accessedAt}. */
    void storeRefreshed(long accessedAt) {
        storeRefreshedAt = Math.max(storeRefreshedAt, accessedAt);
    }

    /** After {@code changeSessionId} found nothing stored under the old id. */
    public void notStored() {
        stored = false;
    }
}
