package io.unstick.session.internal.core;

import io.unstick.session.internal.codec.AttributeCodec;

import java.util.HashMap;
import java.util.Map;

/**
 * A container's session reduced to what the core sees, doing what the Tomcat adapter does on each call:
 * {@code set} serializes at once, {@code get} records a read, {@code remove} records a removal.
 */
final class TestSession implements LiveSession {

    static final AttributeCodec CODEC = new AttributeCodec(AttributeCodec.DEFAULT_FILTER);

    private final String id;
    private final Map<String, Object> values = new HashMap<>();
    private final RequestChanges changes = new RequestChanges();
    private final StoredState stored = new StoredState();
    private int maxInactiveSeconds = 1800;
    private long accessedAt = 1_000;
    private boolean live = true;

    TestSession(String id) {
        this.id = id;
    }

    /** A copy of a stored session, as a node loads it: values deserialized, versions and digests known. */
    static TestSession loadedFrom(SessionRecord record) {
        TestSession session = new TestSession(record.id());
        session.stored.loaded(record);
        record.attributes().forEach((name, attribute) -> {
            try {
                session.values.put(name, CODEC.deserialize(attribute.bytes(), TestSession.class.getClassLoader()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            session.stored.read(name, AttributeCodec.digest(attribute.bytes()));
        });
        session.maxInactiveSeconds = record.maxInactiveSeconds();
        return session;
    }

    Object get(String name) {
        Object value = values.get(name);
        if (value != null) {
            changes.read(name, value);
        }
        return value;
    }

    /** setAttribute: serialized at once, as the adapter does to fail early. */
    byte[] set(String name, Object value) {
        byte[] bytes = CODEC.serialize(name, value);
        values.put(name, value);
        changes.set(name, value, bytes);
        return bytes;
    }

    /** setAttribute with a value onUnserializable=warn keeps in memory only. */
    void setLocalOnly(String name, Object value) {
        values.put(name, value);
        changes.setLocalOnly(name);
    }

    void remove(String name) {
        if (values.remove(name) != null) {
            changes.removed(name);
        }
    }

    void maxInactive(int seconds) {
        maxInactiveSeconds = seconds;
        changes.metadataChanged();
    }

    void accessedAt(long time) {
        accessedAt = time;
    }

    void invalidate() {
        live = false;
    }

    @Override
    public String storeKey() {
        return SessionIds.storeKey(id);
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public long creationTime() {
        return 500;
    }

    @Override
    public long accessedAt() {
        return accessedAt;
    }

    @Override
    public int maxInactiveSeconds() {
        return maxInactiveSeconds;
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
