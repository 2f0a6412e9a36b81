package io.unstick.benchmarks.session;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.StoredAttribute;

import java.util.HashMap;
import java.util.Map;

/**
 * A stored session as a node holds it during a request: the live attribute values, and per attribute the
 * digest of the stored bytes and the version the request started from (what {@code HazelcastSession} keeps).
 */
final class LoadedSession {

    private final String id;
    private final int maxInactiveSeconds;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, byte[]> storedDigests = new HashMap<>();
    private final Map<String, Long> baseVersions = new HashMap<>();

    /** Stores {@code attributes} through a creating delta, as the first request did, then loads them back. */
    LoadedSession(String id, Map<String, Object> attributes, AttributeCodec codec) {
        this.id = id;
        this.maxInactiveSeconds = 1800;
        SessionDelta creating = SessionDelta.creating(id, System.currentTimeMillis(), "node1");
        attributes.forEach((name, value) -> creating.change(name, codec.serialize(name, value), SessionDelta.ABSENT));
        SessionRecord record = new SessionRecord(id, System.currentTimeMillis());
        record.apply(creating);
        for (Map.Entry<String, StoredAttribute> e : record.attributes().entrySet()) {
            storedDigests.put(e.getKey(), AttributeCodec.digest(e.getValue().bytes()));
            baseVersions.put(e.getKey(), e.getValue().version());
        }
        values.putAll(attributes);
    }

    String id() {
        return id;
    }

    int maxInactiveSeconds() {
        return maxInactiveSeconds;
    }

    Object value(String name) {
        return values.get(name);
    }

    /** The request's {@code setAttribute} or in-place change: the live value only, the store is untouched. */
    void setValue(String name, Object value) {
        values.put(name, value);
    }

    byte[] storedDigest(String name) {
        return storedDigests.get(name);
    }

    long baseVersion(String name) {
        return baseVersions.getOrDefault(name, SessionDelta.ABSENT);
    }
}
