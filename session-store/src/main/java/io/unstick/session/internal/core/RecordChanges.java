package io.unstick.session.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The owner's answer to a versioned read: the stored session without the values the reader already has.
 *
 * <p>The reader sends the names and versions of the values it remembers ({@link KnownValues}); <b>the owner
 * decides</b>: it leaves out a value only when the stored one has exactly that name and version, and says which in
 * {@link #unchanged}'s bits (bit i: the reader's i-th value). Everything else — a value changed, added or written by
 * another node since — is sent, and a removed one is simply absent, so the reader never serves a stale value. A
 * tombstone is sent whole (the reader may have to finish a rename from it). The reader's copy leaves out what only
 * the owner uses: each value's writer, removals, holders, the last changer.
 *
 * <p>Two layouts: the compact one ({@link WireTypes#RECORD_COMPACT_CHANGES}: the bits and the copy's times, counts
 * and lengths in variable length: 44 bytes less for a cart of three values) answers every read this version sends; the older
 * one ({@link WireTypes#RECORD_CHANGES}) answers a read an older node sent, which could not read the compact one.
 */
public final class RecordChanges implements IdentifiedDataSerializable {

    private boolean whole;
    private long unchanged;
    private SessionRecord record;
    private boolean compact = true;

    /** For Hazelcast deserialization only. */
    public RecordChanges() {
    }

    private RecordChanges(boolean whole, long unchanged, SessionRecord record, boolean compact) {
        this.whole = whole;
        this.unchanged = unchanged;
        this.record = record;
        this.compact = compact;
    }

    /** For Hazelcast deserialization of {@link WireTypes#RECORD_CHANGES}. */
    public static RecordChanges inOlderLayout() {
        RecordChanges answer = new RecordChanges();
        answer.compact = false;
        return answer;
    }

    /**
     * On the owner: {@code stored} as a reader that remembers {@code names} at {@code versions} needs it.
     *
     * @param stored  never null
     * @param compact whether the reader reads the compact layout (every node since it exists does)
     */
    public static RecordChanges since(SessionRecord stored, String[] names, long[] versions, boolean compact) {
        if (stored.isInvalidated()) {
            return new RecordChanges(true, 0, stored, compact);
        }
        long unchanged = 0;
        Set<String> omitted = new HashSet<>();
        for (int i = 0; i < Math.min(names.length, KnownValues.MAX_VALUES); i++) {
            StoredAttribute value = stored.attributes().get(names[i]);
            if (value != null && value.version() == versions[i]) {
                unchanged |= 1L << i;
                omitted.add(names[i]);
            }
        }
        return new RecordChanges(false, unchanged, stored.readerCopyWithout(omitted), compact);
    }

    /**
     * On the reader: the session stored under {@code key}, its left-out values taken from {@code known} (what the
     * reader sent); null when {@code known} turns out to be of another session that had the same key (read again
     * without it).
     */
    public SessionRecord complete(String key, KnownValues known) {
        if (whole) {
            return record;
        }
        Map<String, StoredAttribute> remembered = new LinkedHashMap<>();
        if (unchanged != 0) {
            if (known == null || known.creationTime() != record.creationTime()) {
                return null;
            }
            for (int i = 0; i < known.names().size(); i++) {
                if ((unchanged & (1L << i)) != 0) {
                    remembered.put(known.names().get(i), known.values().get(i));
                }
            }
        }
        return record.completeReaderCopy(key, remembered);
    }

    /** How many of the reader's values the owner left out. */
    public int unchangedCount() {
        return Long.bitCount(unchanged);
    }

    @Override
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return compact ? WireTypes.RECORD_COMPACT_CHANGES : WireTypes.RECORD_CHANGES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(whole);
        if (whole) { // a tombstone: rare, and the record's own layout
            record.writeData(out);
            return;
        }
        if (compact) {
            CompactData.writeVarLong(out, unchanged);
            record.writeCompactReaderCopy(out);
            return;
        }
        out.writeLong(unchanged);
        record.writeReaderCopy(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        whole = in.readBoolean();
        if (whole) {
            record = new SessionRecord();
            record.readData(in);
            return;
        }
        if (compact) {
            unchanged = CompactData.readVarLong(in);
            record = SessionRecord.readCompactReaderCopy(in);
            return;
        }
        unchanged = in.readLong();
        record = SessionRecord.readReaderCopy(in);
    }
}
