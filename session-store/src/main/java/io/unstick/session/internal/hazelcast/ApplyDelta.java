package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.unstick.session.internal.core.CommitResult;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies a {@link SessionDelta} on the member that owns the session. The backup replica runs the same processor;
 * it is deterministic because every time stamp comes from the delta.
 */
public final class ApplyDelta implements EntryProcessor<String, SessionRecord, CommitResult>, DataSerializable {

    private SessionDelta delta;

    /** For Hazelcast deserialization only. */
    public ApplyDelta() {
    }

    public ApplyDelta(SessionDelta delta) {
        this.delta = delta;
    }

    @Override
    public CommitResult process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        if (record == null) {
            if (!delta.create()) {
                return CommitResult.missing();
            }
            record = new SessionRecord(delta.sessionId(), delta.creationTime());
        }
        List<String> conflicts = record.apply(delta);
        ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(record, delta.ttlMillis(), TimeUnit.MILLISECONDS);
        return CommitResult.applied(record.version(), conflicts);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        delta.writeData(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = new SessionDelta();
        delta.readData(in);
    }
}
