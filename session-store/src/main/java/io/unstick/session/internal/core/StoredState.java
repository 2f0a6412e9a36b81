package io.unstick.session.internal.core;

import io.unstick.session.internal.codec.AttributeCodec;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the store holds of one session, as this node's copy last saw it: whether it is stored at all, each
 * attribute's version (a write names the version it started from, so that the store can tell concurrent writes),
 * the SHA-256 of each attribute this copy read or wrote (so that an attribute whose bytes did not change is not
 * written again), and when the store's idle clock was last refreshed.
 */
public final class StoredState {

    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Map<String, byte[]> digests = new ConcurrentHashMap<>();
    private volatile boolean stored;
    private volatile long refreshedAt;

    /** The copy was loaded from {@code record}. */
    public void loaded(SessionRecord record) {
        record.attributes().forEach((name, attribute) -> versions.put(name, attribute.version()));
        refreshedAt = record.lastAccessedTime();
        stored = true;
    }

    /** An attribute was read from its stored bytes, whose digest is {@code digest}. */
    public void read(String name, byte[] digest) {
        digests.put(name, digest);
    }

    /** True when the store holds exactly these bytes (by their digest) for the attribute. */
    public boolean holds(String name, byte[] digest) {
        return stored && AttributeCodec.sameDigest(digest, digests.get(name));
    }

    /** The version a write of {@code name} starts from; {@link SessionDelta#ABSENT} if the store has none. */
    public long version(String name) {
        return versions.getOrDefault(name, SessionDelta.ABSENT);
    }

    /** A commit wrote {@code written} (name to digest) at {@code version} and removed {@code removed}. */
    public void committed(Map<String, byte[]> written, Set<String> removed, long version, long accessedAt) {
        written.forEach((name, digest) -> {
            digests.put(name, digest);
            versions.put(name, version);
        });
        for (String name : removed) {
            digests.remove(name);
            versions.remove(name);
        }
        refreshed(accessedAt);
        stored = true;
    }

    /** The store's idle clock now counts from {@code accessedAt}. */
    public void refreshed(long accessedAt) {
        refreshedAt = Math.max(refreshedAt, accessedAt);
    }

    /** Whether a request at {@code now} must refresh the store's idle clock (see {@link IdlePolicy}). */
    public boolean refreshDue(long now, int maxInactiveSeconds) {
        return IdlePolicy.refreshDue(refreshedAt, now, maxInactiveSeconds);
    }

    public boolean isStored() {
        return stored;
    }

    /** The store no longer holds the session under its id (found when the id changed): the next commit creates it. */
    public void notStored() {
        stored = false;
    }
}
