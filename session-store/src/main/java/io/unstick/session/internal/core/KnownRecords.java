package io.unstick.session.internal.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this node last read or wrote of each of its most recently used sessions ({@link KnownValues}), for versioned
 * reads; bounded, least recently used first out. A session it no longer remembers is read whole, as before.
 */
public final class KnownRecords {

    /** Enough for the sessions a node serves in a few minutes; about one serialized record each. */
    public static final int DEFAULT_SESSIONS = 4_096;

    private final Map<String, KnownValues> known;

    public KnownRecords(int sessions) {
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be at least 1, not " + sessions);
        }
        this.known = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, KnownValues> eldest) {
                return size() > sessions;
            }
        };
    }

    /** What this node remembers of the session stored under {@code key}, or null. */
    public synchronized KnownValues get(String key) {
        return known.get(key);
    }

    /** After a read of a live record. */
    public synchronized void remember(SessionRecord record) {
        known.put(record.id(), KnownValues.of(record));
    }

    /**
     * After this node's applied write: updates what it remembers of that session (a session it remembers nothing
     * of, such as one it creates, stays unremembered until read: hybrid nodes, which keep copies, never read this way).
     */
    public synchronized void rememberWrite(SessionDelta delta, long version) {
        known.computeIfPresent(delta.sessionId(), (key, values) -> values.afterWrite(delta, version));
    }

    public synchronized void forget(String key) {
        known.remove(key);
    }

    public synchronized int size() {
        return known.size();
    }
}
