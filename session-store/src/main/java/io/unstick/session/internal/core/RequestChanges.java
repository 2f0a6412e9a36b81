package io.unstick.session.internal.core;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What requests changed in one session since its last commit: attributes set, removed, or read with a value that
 * may be mutated in place; values kept in this node's memory only; whether the metadata changed. Requests of one
 * node that share a session object record here concurrently; {@link #take} hands everything recorded so far to
 * one commit, and whatever a request records after that waits for the next.
 *
 * <p><b>One serialization per set attribute where it is safe.</b> {@code setAttribute} serializes the value at once
 * (so that a value that cannot be stored fails there, naming the attribute). When the value cannot change any more
 * (a string, a boxed primitive, an enum, a big integer: {@link #cannotChange}), those bytes are kept and the commit
 * sends them as they are, as long as the session still holds that very value. A mutable value can still change
 * after {@code setAttribute} through any reference the application kept (create a list, set it, add to it), so the
 * commit serializes it again: two serializations for a mutable value that was set, one for a value that was read.
 */
public final class RequestChanges {

    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class,
            Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class);

    private final Map<String, Encoded> set = new ConcurrentHashMap<>();
    private final Set<String> read = ConcurrentHashMap.newKeySet();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final Set<String> localOnly = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean metadata = new AtomicBoolean();
    private volatile Dropped dropped;

    /**
     * Why a commit dropped changes unwritten while the session object still holds them. Requests of this node that
     * share the object may have read those values, so none of them may be acknowledged: what it answered would not
     * be in the store.
     */
    public enum Dropped {
        /** Refused as stale: another request changed what this one changed since it read it (409). */
        REFUSED,
        /** The store could not be written and the request was answered 503 at once. */
        STORE_FAILED
    }

    /**
     * An attribute to write: the value {@code setAttribute} serialized and its bytes, or {@link #AT_COMMIT} when
     * the commit must serialize the session's current value.
     */
    public record Encoded(Object value, byte[] bytes) {

        public static final Encoded AT_COMMIT = new Encoded(null, null);

        /** The kept bytes when {@code current} is the very value they were made from, else null. */
        public byte[] bytesFor(Object current) {
            return value != null && value == current ? bytes : null;
        }
    }

    /** What one commit takes over. */
    public record Taken(Map<String, Encoded> candidates, Set<String> removed, boolean metadata) {

        public static final Taken NOTHING = new Taken(Map.of(), Set.of(), false);
    }

    /** True for values that cannot be mutated in place: reading them changes nothing, their bytes stay valid. */
    public static boolean cannotChange(Object value) {
        return IMMUTABLE.contains(value.getClass()) || value instanceof Enum<?>;
    }

    /**
     * An attribute (or stored note) was set.
     *
     * @param bytes its serialized form, made by {@code setAttribute}, or null when the commit must serialize it
     */
    public void set(String name, Object value, byte[] bytes) {
        localOnly.remove(name);
        removed.remove(name);
        set.put(name, bytes != null && cannotChange(value) ? new Encoded(value, bytes) : Encoded.AT_COMMIT);
    }

    /** An attribute was set to a value that cannot be serialized: it stays in this node's memory only. */
    public void setLocalOnly(String name) {
        localOnly.add(name);
        set.remove(name);
        read.remove(name);
    }

    /** An attribute was read; a value that can be mutated in place must be compared with the store at commit. */
    public void read(String name, Object value) {
        if (!cannotChange(value)) {
            read.add(name);
        }
    }

    /** A present attribute (or stored note) was removed. */
    public void removed(String name) {
        set.remove(name);
        read.remove(name);
        if (!localOnly.remove(name)) {
            removed.add(name);
        }
    }

    /** The idle limit or the login changed. */
    public void metadataChanged() {
        metadata.set(true);
    }

    /** Takes everything recorded so far, for one commit; a change recorded meanwhile stays for the next. */
    public Taken take() {
        if (set.isEmpty() && read.isEmpty() && removed.isEmpty() && !metadata.get()) {
            return Taken.NOTHING;
        }
        Map<String, Encoded> candidates = new LinkedHashMap<>();
        for (String name : set.keySet()) {
            Encoded encoded = set.remove(name);
            if (encoded != null && !localOnly.contains(name)) {
                candidates.put(name, encoded);
            }
        }
        for (String name : read) {
            if (read.remove(name) && !localOnly.contains(name)) {
                candidates.putIfAbsent(name, Encoded.AT_COMMIT);
            }
        }
        Set<String> gone = Set.of();
        if (!removed.isEmpty()) {
            gone = new LinkedHashSet<>();
            for (String name : removed) {
                if (removed.remove(name)) {
                    gone.add(name);
                }
            }
        }
        return new Taken(candidates, gone, metadata.getAndSet(false));
    }

    /**
     * The changes a commit took are dropped unwritten, yet the session object keeps their values: every later
     * commit of this object is refused ({@link #dropped()}); the object is read from the store again once its
     * requests end.
     */
    public void dropped(Dropped why) {
        if (dropped == null) {
            dropped = why;
        }
    }

    /** Why changes were dropped unwritten from this session object, or null when none were. */
    public Dropped dropped() {
        return dropped;
    }

    /** Puts back what a failed commit took, unless a later change superseded it; the next commit tries again. */
    public void restore(Taken taken) {
        taken.candidates().forEach((name, encoded) -> {
            if (!removed.contains(name)) {
                set.putIfAbsent(name, encoded);
            }
        });
        for (String name : taken.removed()) {
            if (!set.containsKey(name)) {
                removed.add(name);
            }
        }
        if (taken.metadata()) {
            metadata.set(true);
        }
    }
}
