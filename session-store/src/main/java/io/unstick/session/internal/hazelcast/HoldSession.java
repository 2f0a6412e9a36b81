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

/**
 * Returns a stored session and records the caller as a holder of a local copy, in one atomic step: every content
 * change after this read reaches the caller. Writes only the first time a node holds the session; the expiry time
 * stays as it was. A rename's tombstone is answered as it is (not held), for the caller to tell whether that rename
 * completed.
 */
public final class HoldSession implements EntryProcessor<String, SessionRecord, SessionRecord>,
        IdentifiedDataSerializable {

    private String node;

    /** For Hazelcast deserialization only. */
    public HoldSession() {
    }

    public HoldSession(String node) {
        this.node = node;
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        if (record == null) {
            return null;
        }
        if (record.isInvalidated()) {
            // The caller undoes a rename that never completed; any other tombstone is no session.
            return record.renamedTo() != null ? record : null;
        }
        if (record.addHolder(node)) {
            ((ExtendedMapEntry<String, SessionRecord>) entry).setValueWithoutChangingExpiryTime(record);
        }
        return record;
    }

    @Override
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireTypes.HOLD_SESSION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(node);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        node = in.readString();
    }
}
