package io.unstick.session.internal.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored values a node remembers of one session, as it last read or wrote them: for a versioned read
 * ({@link RecordChanges}), which sends their names and versions so that the owner leaves out those still stored.
 * Each entry is a fact, not a copy to serve: a value's version names one write of it (the rule
 * {@link SessionRecord#apply} already rests on, kept by the merge's restamping), so an old entry only costs bytes.
 *
 * @param creationTime the session's, to tell it from an older session that had the same key
 */
public record KnownValues(long creationTime, List<String> names, List<StoredAttribute> values) {

    /** At most this many values per session: the owner answers which it kept in one long's bits. */
    public static final int MAX_VALUES = 64;
    /** Longer names are not remembered: a name travels with one byte for its length. */
    public static final int MAX_NAME_BYTES = 255;

    public KnownValues {
        names = List.copyOf(names);
        values = List.copyOf(values);
        if (names.size() != values.size() || names.size() > MAX_VALUES) {
            throw new IllegalArgumentException(names.size() + " names for " + values.size() + " values (at most "
                    + MAX_VALUES + ")");
        }
    }

    /** What a reader learns from a live record: its values, as far as they fit. */
    public static KnownValues of(SessionRecord record) {
        return of(record.creationTime(), record.attributes());
    }

    static KnownValues of(long creationTime, Map<String, StoredAttribute> attributes) {
        List<String> names = new ArrayList<>();
        List<StoredAttribute> values = new ArrayList<>();
        for (Map.Entry<String, StoredAttribute> e : attributes.entrySet()) {
            if (names.size() < MAX_VALUES && fits(e.getKey())) {
                names.add(e.getKey());
                values.add(e.getValue());
            }
        }
        return new KnownValues(creationTime, names, values);
    }

    static boolean fits(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
    }

    /**
     * After this node's own applied write at {@code version}: the values it wrote are stored as it sent them, the
     * ones it removed are gone; the others are as remembered.
     */
    public KnownValues afterWrite(SessionDelta delta, long version) {
        Map<String, StoredAttribute> next = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            next.put(names.get(i), values.get(i));
        }
        delta.removed().forEach(next::remove);
        delta.changed().forEach((name, bytes) -> next.put(name, new StoredAttribute(bytes, version, delta.writer())));
        return of(creationTime, next);
    }

    public long[] versions() {
        return values.stream().mapToLong(StoredAttribute::version).toArray();
    }
}
