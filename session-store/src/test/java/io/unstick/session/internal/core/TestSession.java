package io.unstick.session.internal.core;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.RefusedValueException;
import io.unstick.session.internal.codec.SessionCipher;
import io.unstick.session.internal.codec.StoreCipher;
import io.unstick.session.internal.codec.StoreSecret;

import java.util.HashMap;
import java.util.Map;

/**
 * A container's session reduced to what the core sees, doing what the Tomcat adapter does on each call:
 * {@code set} serializes at once, {@code get} records a read, {@code remove} records a removal. Its store key is the
 * key it is made with (the core never derives keys); its values are sealed as a node seals them.
 */
final class TestSession implements LiveSession {

    static final AttributeCodec CODEC = new AttributeCodec(AttributeCodec.DEFAULT_FILTER);
    static final StoreCipher CIPHERS = new StoreCipher(
            StoreSecret.of("a test secret of at least thirty-two characters", "test"), null, "test-map");

    private final String id;
    private final SessionCipher cipher;
    private final Map<String, Object> values = new HashMap<>();
    private final RequestChanges changes = new RequestChanges();
    private final StoredState stored = new StoredState();
    private int maxInactiveSeconds = 1800;
    private long accessedAt = 1_000;
    private boolean live = true;

    /** @param key the store key (and, for this test double, the id too) */
    TestSession(String key) {
        this.id = key;
        this.cipher = CIPHERS.forSession(key);
    }

    /** A copy of a stored session, as a node loads it: values opened and deserialized, versions and digests known. */
    static TestSession loadedFrom(SessionRecord record) {
        TestSession session = new TestSession(record.id());
        session.stored.loaded(record);
        new StoredValues(new Counters()).open(record, session.cipher).attributes().forEach((name, attribute) -> {
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

    /** A value as a node stores it for the session under {@code key}: serialized, then sealed. */
    static byte[] sealed(String key, String name, Object value) {
        return CIPHERS.forSession(key).seal(name, CODEC.serialize(name, value));
    }

    /** The serialized value inside what a delta carries for this session. */
    byte[] open(String name, byte[] sealed) {
        try {
            return cipher.open(name, sealed);
        } catch (RefusedValueException e) {
            throw new AssertionError(e);
        }
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
