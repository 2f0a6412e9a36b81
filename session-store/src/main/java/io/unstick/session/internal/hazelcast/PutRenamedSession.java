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
 * Stores a session under its new id, the second half of a rename ({@link TakeSession} was the first), unless it
 * arrives after its request's {@link WriteFence}. The fence is what lets a reader that later finds the old id's
 * tombstone and nothing under the new id conclude that the rename failed, and undo it: past the fence the new id can
 * no longer appear.
 */
public final class PutRenamedSession implements EntryProcessor<String, SessionRecord, Void>, DataSerializable {

    private SessionRecord record;
    private long ttlMillis;
    private long notAfter;

    /** For Hazelcast deserialization only. */
    public PutRenamedSession() {
    }

    public PutRenamedSession(SessionRecord record, long ttlMillis, long notAfter) {
        this.record = record;
        this.ttlMillis = ttlMillis;
        this.notAfter = notAfter;
    }

    @Override
    public Void process(Map.Entry<String, SessionRecord> entry) {
        WriteFence.check(notAfter, "a rename's write of session " + entry.getKey());
        ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(record, ttlMillis, TimeUnit.MILLISECONDS);
        return null;
    }

    /** The backup replays what the primary did, fence or not. */
    @Override
    public EntryProcessor<String, SessionRecord, Void> getBackupProcessor() {
        return new PutRenamedSession(record, ttlMillis, WriteFence.NONE);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        record.writeData(out);
        out.writeLong(ttlMillis);
        out.writeLong(notAfter);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        record = new SessionRecord();
        record.readData(in);
        ttlMillis = in.readLong();
        notAfter = in.readLong();
    }
}
