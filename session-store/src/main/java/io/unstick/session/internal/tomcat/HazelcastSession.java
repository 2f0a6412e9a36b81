package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.SessionCipher;
import io.unstick.session.internal.codec.UnserializableAttributeException;
import io.unstick.session.internal.core.IdlePolicy;
import io.unstick.session.internal.core.LiveSession;
import io.unstick.session.internal.core.LocalCopy;
import io.unstick.session.internal.core.OnUnserializable;
import io.unstick.session.internal.core.RequestChanges;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.StoredAttribute;
import io.unstick.session.internal.core.StoredNames;
import io.unstick.session.internal.core.StoredState;
import org.apache.catalina.Manager;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.security.Principal;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Tomcat session over the core: attributes come from the store lazily (they stay bytes until a request reads
 * them, then are deserialized with the web application's class loader), and every change is recorded in
 * {@link RequestChanges} for the end-of-request commit. What the store holds is {@link StoredState}, this copy's
 * use {@link LocalCopy}. It never expires by itself: the store decides expiry, so that destroyed events fire once
 * cluster-wide.
 */
public final class HazelcastSession extends StandardSession implements LiveSession {

    private static final long serialVersionUID = 1L;
    private static final Log log = LogFactory.getLog(HazelcastSession.class);

    /**
     * Notes of container-managed FORM login (the saved request, its session id, the user name) are stored with
     * the session under reserved attribute names, so that a login may start on one node and finish on another.
     * The password note is never stored.
     */
    static final Set<String> STORED_NOTES = Set.of(Constants.FORM_REQUEST_NOTE, Constants.SESSION_ID_NOTE,
            Constants.SESS_USERNAME_NOTE);

    private final transient SessionServices services;
    private final transient Map<String, StoredAttribute> notYetRead = new ConcurrentHashMap<>();
    private final transient RequestChanges changes = new RequestChanges();
    private final transient StoredState stored = new StoredState();
    private final transient LocalCopy copy = new LocalCopy();
    private transient volatile boolean removedFromStore;
    /** Seals and opens this session's stored values; it knows the store key. Set with the first id. */
    private transient volatile SessionCipher cipher;

    HazelcastSession(Manager manager, SessionServices services) {
        super(manager);
        this.services = services;
    }

    // ---------------------------------------------------------------- loading

    /**
     * Fills this empty session from a store record, without events.
     *
     * @param cipher     the cipher of the key the record was found under
     * @param attributes the record's opened attribute values (still serialized), by name
     */
    void load(SessionRecord record, SessionCipher cipher, Map<String, StoredAttribute> attributes,
              Principal storedPrincipal, Map<String, Object> storedNotes) {
        this.cipher = cipher;
        this.creationTime = record.creationTime();
        this.lastAccessedTime = record.lastAccessedTime();
        this.thisAccessedTime = record.lastAccessedTime();
        this.maxInactiveInterval = record.maxInactiveSeconds();
        this.authType = record.authType();
        this.principal = storedPrincipal;
        this.isNew = false;
        this.isValid = true;
        attributes.forEach((name, attribute) -> {
            if (!StoredNames.isReserved(name)) {
                notYetRead.put(name, attribute);
            }
        });
        notes.putAll(storedNotes);
        stored.loaded(record);
    }

    /** Names this copy with {@code localId} without registering it with the manager (expiry delivery). */
    void nameWithoutRegistering(String localId) {
        this.id = localId;
    }

    /** A new session gets its store key with its first id; a loaded one has the key it was found under. */
    @Override
    public void setId(String id, boolean notify) {
        if (cipher == null && id != null) {
            cipher = services.ciphers().forSession(services.keys().of(SessionIds.base(id)));
        }
        super.setId(id, notify);
    }

    /** The session moves to another store key (its id changes); callers hold its monitor, as commits do. */
    void rekey(SessionCipher newCipher) {
        this.cipher = newCipher;
    }

    // ---------------------------------------------------------------- attributes

    @Override
    public Object getAttribute(String name) {
        if (name != null) {
            materialize(name);
        }
        Object value = super.getAttribute(name);
        if (value != null) {
            changes.read(name, value);
        }
        return value;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        if (!isValidInternal()) {
            throw new IllegalStateException("getAttributeNames: session " + storeKey() + " is invalidated");
        }
        return Collections.enumeration(Arrays.asList(keys()));
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
        if (StoredNames.isReserved(name)) {
            throw new IllegalArgumentException("Session attribute names beginning with NUL are reserved by the"
                    + " session store");
        }
        byte[] bytes = serializeOrKeepLocal(name, value);
        materialize(name); // the previous value must be real to receive valueUnbound
        super.setAttribute(name, value, notify);
        holdsSomething();
        if (bytes != null) {
            changes.set(name, value, bytes);
        } else {
            changes.setLocalOnly(name);
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
            changes.removed(name);
        }
    }

    /** The value's bytes, or null when onUnserializable=warn keeps a value that cannot be serialized locally. */
    private byte[] serializeOrKeepLocal(String name, Object value) {
        try {
            return services.codec().serialize(name, value);
        } catch (UnserializableAttributeException e) {
            services.counters().serializationFailure();
            if (services.onUnserializable() == OnUnserializable.FAIL) {
                throw e;
            }
            log.warn(e.getMessage() + "; onUnserializable=warn keeps it in this node's memory only");
            return null;
        }
    }

    private void materialize(String name) {
        StoredAttribute bytes = notYetRead.get(name);
        if (bytes == null) {
            return;
        }
        Object value;
        try {
            value = services.codec().deserialize(bytes.bytes(), manager.getContext().getLoader().getClassLoader());
        } catch (Exception e) {
            services.counters().deserializationFailure();
            String message = "Session attribute '" + name + "' of session " + storeKey() + " cannot be read: "
                    + AttributeCodec.describe(e);
            log.error(message);
            throw new IllegalStateException(message, e);
        }
        stored.read(name, AttributeCodec.digest(bytes.bytes()));
        attributes.putIfAbsent(name, value);
        notYetRead.remove(name, bytes);
    }

    private void materializeAll() {
        for (String name : notYetRead.keySet()) {
            try {
                materialize(name);
            } catch (IllegalStateException e) {
                log.error("Session " + storeKey() + " ends without unbinding attribute '" + name + "'");
                notYetRead.remove(name);
            }
        }
    }

    // ---------------------------------------------------------------- notes

    @Override
    public void setNote(String name, Object value) {
        super.setNote(name, value);
        if (STORED_NOTES.contains(name)) {
            changes.set(StoredNames.NOTE_PREFIX + name, value, null);
        }
    }

    @Override
    public void removeNote(String name) {
        boolean present = getNote(name) != null;
        super.removeNote(name);
        if (present && STORED_NOTES.contains(name)) {
            changes.removed(StoredNames.NOTE_PREFIX + name);
        }
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public void setMaxInactiveInterval(int interval) {
        if (interval != this.maxInactiveInterval) {
            changes.metadataChanged();
        }
        super.setMaxInactiveInterval(interval);
    }

    @Override
    public void setPrincipal(Principal principal) {
        changes.metadataChanged();
        super.setPrincipal(principal);
        if (principal != null) {
            holdsSomething();
        }
    }

    /** With emptySessionTimeoutSeconds: a session that now holds something gets the context's timeout. */
    private void holdsSomething() {
        int fitted = IdlePolicy.whenHolding(maxInactiveInterval, manager.getContext().getSessionTimeout() * 60,
                services.emptySessionTimeoutSeconds());
        if (fitted != maxInactiveInterval) {
            setMaxInactiveInterval(fitted);
        }
    }

    @Override
    public void setAuthType(String authType) {
        changes.metadataChanged();
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
        copy.requestStarted();
    }

    @Override
    public void endAccess() {
        super.endAccess();
        if (copy.requestEnded()) {
            services.local().lastRequestEnded(this);
        }
    }

    @Override
    public void expire(boolean notify) {
        if (!isValid || expiring) {
            return;
        }
        materializeAll(); // listeners and valueUnbound need real values
        services.counters().sessionDestroyed();
        super.expire(notify);
    }

    /** Delivers the destroyed events of a session the store already expired. */
    void expireFromStore() {
        removedFromStore = true;
        expire(true);
    }

    /** Whether a request of this node uses the copy now (diagnostics and tests). */
    public boolean inUse() {
        return copy.inUse();
    }

    /** Whether another node changed the stored session since this copy was loaded (diagnostics and tests). */
    public boolean isStale() {
        return copy.isStale();
    }

    LocalCopy localCopy() {
        return copy;
    }

    /** True while {@link #expire} runs: invalidation, which also removes the session from the store. */
    boolean isExpiring() {
        return expiring;
    }

    /** True when the store expired the session itself (nothing left to remove). */
    boolean removedFromStore() {
        return removedFromStore;
    }

    // ---------------------------------------------------------------- what a commit reads (LiveSession)

    @Override
    public String storeKey() {
        return cipher.storeKey();
    }

    @Override
    public String id() {
        return getIdInternal();
    }

    @Override
    public SessionCipher cipher() {
        return cipher;
    }

    @Override
    public boolean isLive() {
        return isValid && !expiring;
    }

    @Override
    public long creationTime() {
        return getCreationTimeInternal();
    }

    @Override
    public long accessedAt() {
        return getThisAccessedTimeInternal();
    }

    @Override
    public int maxInactiveSeconds() {
        return getMaxInactiveInterval();
    }

    @Override
    public Object principal() {
        return getPrincipal();
    }

    @Override
    public String authType() {
        return getAuthType();
    }

    @Override
    public Object valueOf(String storedName) {
        return StoredNames.isNote(storedName) ? getNote(storedName.substring(StoredNames.NOTE_PREFIX.length()))
                : attributes.get(storedName);
    }

    @Override
    public RequestChanges changes() {
        return changes;
    }

    @Override
    public StoredState stored() {
        return stored;
    }
}
