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
 * Undoes the first half of a rename that failed ({@link TakeSession}): the session lives under its old id again, so
 * that the client, told 503 and keeping that id, still has it. Only the tombstone this rename left is revived, so it
 * is safe whether or not the take was applied, and however late it arrives: it has no write fence. Answers whether
 * it revived the session.
 */
public final class ReviveRenamedSession implements EntryProcessor<String, SessionRecord, Boolean>, DataSerializable {

    private long millis;
    private String renamedTo;
    private long ttlMillis;

    /** For Hazelcast deserialization only. */
    public ReviveRenamedSession() {
    }

    public ReviveRenamedSession(long millis, String renamedTo, long ttlMillis) {
        this.millis = millis;
        this.renamedTo = renamedTo;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public Boolean process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        if (record == null || !record.revive(millis, renamedTo)) {
            return false;
        }
        ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(record, ttlMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(millis);
        out.writeString(renamedTo);
        out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        millis = in.readLong();
        renamedTo = in.readString();
        ttlMillis = in.readLong();
    }
}
