package io.unstick.benchmarks.session;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.SessionCipher;
import io.unstick.session.internal.codec.StoreCipher;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.LiveSession;
import io.unstick.session.internal.core.RequestChanges;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.StoredState;
import io.unstick.session.internal.core.StoredValues;

import java.util.HashMap;
import java.util.Map;

/**
 * A stored shop session as a node holds it during a request, on the session store's own core types: the live
 * values (what Tomcat's session holds), the request's {@link RequestChanges} and the {@link StoredState} a copy
 * builds when it loads and reads the record, its values sealed as the store holds them. Only the container around
 * them is left out.
 */
final class ShopSession implements LiveSession {

    private final String id;
    private final Map<String, Object> values = new HashMap<>();
    private final RequestChanges changes = new RequestChanges();
    private final StoredState stored = new StoredState();
    private final SessionCipher cipher;
    private final SessionRecord record;

    /** Stores {@code attributes} through a creating delta, as the first request did, then loads and reads them. */
    ShopSession(String id, Map<String, Object> attributes, AttributeCodec codec, StoreCipher ciphers) {
        this.id = id;
        this.cipher = ciphers.forSession(id);
        SessionDelta creating = SessionDelta.creating(id, System.currentTimeMillis(), "node1");
        attributes.forEach((name, value) -> creating.change(name, cipher.seal(name, codec.serialize(name, value)),
                SessionDelta.ABSENT));
        creating.change(io.unstick.session.internal.core.StoredNames.SESSION_ID, StoredValues.sealId(cipher, id), SessionDelta.ABSENT);
        record = new SessionRecord(id, System.currentTimeMillis());
        record.apply(creating);
        stored.loaded(record);
        new StoredValues(new Counters()).open(record, cipher).attributes()
                .forEach((name, attribute) -> stored.read(name, AttributeCodec.digest(attribute.bytes())));
        values.putAll(attributes);
    }

    /** The record as the store holds it (sealed values). */
    SessionRecord record() {
        return record;
    }

    /** {@code setAttribute}: the value goes into the session, the bytes {@code setAttribute} made into the changes. */
    void set(String name, Object value, byte[] bytes) {
        values.put(name, value);
        changes.set(name, value, bytes);
    }

    /** The request replaced a value without telling the session (an in-place change of the cart). */
    void replaceValue(String name, Object value) {
        values.put(name, value);
    }

    Object value(String name) {
        return values.get(name);
    }

    @Override
    public String storeKey() {
        return id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SessionCipher cipher() {
        return cipher;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public long creationTime() {
        return 0;
    }

    @Override
    public long accessedAt() {
        return 0;
    }

    @Override
    public int maxInactiveSeconds() {
        return 1800;
    }

    @Override
    public Object principal() {
        return null;
    }

    @Override
    public String authType() {
        return null;
    }

    @Override
    public Object valueOf(String storedName) {
        return values.get(storedName);
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
