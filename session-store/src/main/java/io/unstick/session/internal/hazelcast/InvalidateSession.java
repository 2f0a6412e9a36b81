package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.unstick.session.internal.core.SessionRecord;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ends a stored session: its record becomes a tombstone for {@link SessionRecord#tombstoneTtlMillis}, which every
 * reader treats as absent and which wins over any live copy in a merge after a split. Nodes holding a copy hear of
 * it as a content change by another node and drop their copy.
 */
public final class InvalidateSession implements EntryProcessor<String, SessionRecord, Boolean>, DataSerializable {

    private long millis;
    private String node;
    private long notAfter;

    /** For Hazelcast deserialization only. */
    public InvalidateSession() {
    }

    /** @param notAfter the request's {@link WriteFence}: arriving later, nothing happens */
    public InvalidateSession(long millis, String node, long notAfter) {
        this.millis = millis;
        this.node = node;
        this.notAfter = notAfter;
    }

    @Override
    public Boolean process(Map.Entry<String, SessionRecord> entry) {
        WriteFence.check(notAfter, "an invalidation of session " + entry.getKey());
        SessionRecord record = entry.getValue();
        if (record == null || record.isInvalidated()) {
            return Boolean.FALSE;
        }
        leaveTombstone(entry, record, millis, node);
        return Boolean.TRUE;
    }

    /** Turns {@code record}, the entry's live session, into its tombstone, kept for the session's lifetime. */
    static void leaveTombstone(Map.Entry<String, SessionRecord> entry, SessionRecord record, long millis,
                               String node) {
        record.invalidate(millis, node);
        ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(record, record.tombstoneTtlMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The backup replays what the primary did, fence or not. */
    @Override
    public EntryProcessor<String, SessionRecord, Boolean> getBackupProcessor() {
        return new InvalidateSession(millis, node, WriteFence.NONE);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(millis);
        out.writeString(node);
        out.writeLong(notAfter);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        millis = in.readLong();
        node = in.readString();
        notAfter = in.readLong();
    }
}
