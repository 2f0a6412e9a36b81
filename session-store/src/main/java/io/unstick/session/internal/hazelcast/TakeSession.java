package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.unstick.session.internal.core.SessionRecord;

import java.io.IOException;
import java.util.Map;

/** Removes a stored session and returns it, in one atomic step (the first half of a rename). */
public final class TakeSession implements EntryProcessor<String, SessionRecord, SessionRecord>, DataSerializable {

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        if (record != null) {
            entry.setValue(null);
        }
        return record;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        // no state
    }
}
