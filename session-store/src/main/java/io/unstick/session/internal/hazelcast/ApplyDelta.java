package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.unstick.session.internal.core.CommitResult;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.WireTypes;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies a {@link SessionDelta} on the member that owns the session. The backup replica runs the same processor;
 * it is deterministic because every time stamp comes from the delta.
 */
public final class ApplyDelta implements EntryProcessor<String, SessionRecord, CommitResult>,
        IdentifiedDataSerializable {

    private SessionDelta delta;
    private long notAfter;

    /** For Hazelcast deserialization only. */
    public ApplyDelta() {
    }

    /** @param notAfter the request's {@link WriteFence}: arriving later, the delta is dropped */
    public ApplyDelta(SessionDelta delta, long notAfter) {
        this.delta = delta;
        this.notAfter = notAfter;
    }

    @Override
    public CommitResult process(Map.Entry<String, SessionRecord> entry) {
        WriteFence.check(notAfter, "a write of session " + entry.getKey());
        SessionRecord.Commit commit = SessionRecord.commit(entry.getValue(), delta);
        if (commit.store() != null) {
            ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(commit.store(), delta.ttlMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return commit.result();
    }

    /** The backup replays what the primary did, fence or not. */
    @Override
    public EntryProcessor<String, SessionRecord, CommitResult> getBackupProcessor() {
        return new ApplyDelta(delta, WriteFence.NONE);
    }

    @Override
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireTypes.APPLY_DELTA;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        delta.writeData(out);
        out.writeLong(notAfter);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = new SessionDelta();
        delta.readData(in);
        notAfter = in.readLong();
    }
}
