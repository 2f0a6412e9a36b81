package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.unstick.session.internal.core.SessionRecord;

import java.util.Map;

/**
 * Changes nothing, but is answered only once the owner's backups acknowledged it, as a write is: a backup is sent
 * for every entry processor that is not read-only, over the same connection as the writes before it. An answer in
 * time means the session's earlier writes on its owner are replicated too ({@link UnconfirmedWrites}).
 */
public final class ConfirmReplicated implements EntryProcessor<String, SessionRecord, Void>, DataSerializable {

    @Override
    public Void process(Map.Entry<String, SessionRecord> entry) {
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
