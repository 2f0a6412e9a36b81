package io.unstick.shop.idempotency;

import java.io.Serial;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The keys of the last {@value #CAPACITY} keyed changes made to one session, kept in the session itself: a change
 * and the record that it was made are one {@code setAttribute} pair in one request, so a session store commits
 * both or neither. A retry whose key is here was made already and is answered, not made again.
 *
 * <p>Bounded: the oldest key goes when a new one comes in over the capacity. A client retries its latest change,
 * not one 32 changes back; a key older than that is applied again as a new change. Every method is synchronized,
 * as the cart's are: two requests of one session on one node share this object.
 */
public final class AppliedChanges implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How many keys a session remembers. */
    public static final int CAPACITY = 32;

    /**
     * One change that was made.
     *
     * @param fingerprint the request's {@link Idempotency#fingerprint()}
     * @param result      what a replay needs to answer as the change did (the order of a checkout), or null
     */
    public record Applied(String fingerprint, String result) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private final LinkedHashMap<String, Applied> byKey = new LinkedHashMap<>();

    public synchronized Optional<Applied> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Remembers a change that was made, forgetting the oldest beyond {@link #CAPACITY}. */
    public synchronized void record(String key, Applied applied) {
        byKey.remove(key);
        byKey.put(key, applied);
        Iterator<String> oldest = byKey.keySet().iterator();
        while (byKey.size() > CAPACITY) {
            oldest.next();
            oldest.remove();
        }
    }

    public synchronized int size() {
        return byKey.size();
    }
}
