package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.WireTypes;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Refreshes a stored session's access time and time to live, leaving its content alone. */
public final class TouchSession implements EntryProcessor<String, SessionRecord, Boolean>, IdentifiedDataSerializable {

    private long accessedAt;
    private long ttlMillis;
    private String node;

    /** For Hazelcast deserialization only. */
    public TouchSession() {
    }

    public TouchSession(long accessedAt, long ttlMillis, String node) {
        this.accessedAt = accessedAt;
        this.ttlMillis = ttlMillis;
        this.node = node;
    }

    @Override
    public Boolean process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        if (record == null || record.isInvalidated()) {
            return Boolean.FALSE;
        }
        record.touch(accessedAt, node);
        ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(record, ttlMillis, TimeUnit.MILLISECONDS);
        return Boolean.TRUE;
    }

    @Override
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireTypes.TOUCH_SESSION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(accessedAt);
        out.writeLong(ttlMillis);
        out.writeString(node);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        accessedAt = in.readLong();
        ttlMillis = in.readLong();
        node = in.readString();
    }
}
