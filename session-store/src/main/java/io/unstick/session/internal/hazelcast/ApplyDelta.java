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
 * it is deterministic because every time stamp comes from the delta. It travels in the delta's compact layout
 * ({@link WireTypes#APPLY_COMPACT_DELTA}); one an older node sent ({@link WireTypes#APPLY_DELTA}) is read, and its
 * backup goes on in that layout.
 */
public final class ApplyDelta implements EntryProcessor<String, SessionRecord, CommitResult>,
        IdentifiedDataSerializable {

    private SessionDelta delta;
    private long notAfter;
    private boolean olderLayout;

    /** For Hazelcast deserialization only. */
    public ApplyDelta() {
    }

    /** @param notAfter the request's {@link WriteFence}: arriving later, the delta is dropped */
    public ApplyDelta(SessionDelta delta, long notAfter) {
        this.delta = delta;
        this.notAfter = notAfter;
    }

    /** For Hazelcast deserialization of a write an older node sent. */
    static ApplyDelta inOlderLayout() {
        ApplyDelta write = new ApplyDelta();
        write.olderLayout = true;
        return write;
    }

    @Override
    public CommitResult process(Map.Entry<String, SessionRecord> entry) {
        WriteFence.check(notAfter, "a write of session " + entry.getKey());
        SessionRecord.Commit commit = SessionRecord.commit(entry.getKey(), entry.getValue(), delta);
        if (commit.store() != null) {
            ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(commit.store(), delta.ttlMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return commit.result();
    }

    /** The backup replays what the primary did, fence or not. */
    @Override
    public EntryProcessor<String, SessionRecord, CommitResult> getBackupProcessor() {
        ApplyDelta backup = new ApplyDelta(delta, WriteFence.NONE);
        backup.olderLayout = olderLayout;
        return backup;
    }

    @Override
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return olderLayout ? WireTypes.APPLY_DELTA : WireTypes.APPLY_COMPACT_DELTA;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        if (olderLayout) {
            delta.writeData(out);
            out.writeLong(notAfter);
            return;
        }
        delta.writeCompact(out);
        out.writeBoolean(notAfter != WriteFence.NONE); // a backup has no fence: one byte instead of nine
        if (notAfter != WriteFence.NONE) {
            out.writeLong(notAfter);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        if (olderLayout) {
            delta = new SessionDelta();
            delta.readData(in);
            notAfter = in.readLong();
            return;
        }
        delta = SessionDelta.readCompact(in);
        notAfter = in.readBoolean() ? in.readLong() : WriteFence.NONE;
    }
}
