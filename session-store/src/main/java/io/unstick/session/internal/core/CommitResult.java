package io.unstick.session.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of applying a {@link SessionDelta}: applied (with the version every attribute the delta wrote now
 * carries), refused as stale (another write changed some of its attributes since the writer read them: nothing was
 * applied, {@link #conflicts} names them), or the session no longer exists.
 */
public final class CommitResult implements IdentifiedDataSerializable {

    private boolean applied;
    private boolean stale;
    private long version;
    private List<String> conflicts = new ArrayList<>();

    /** For Hazelcast deserialization only. */
    public CommitResult() {
    }

    private CommitResult(boolean applied, boolean stale, long version, List<String> conflicts) {
        this.applied = applied;
        this.stale = stale;
        this.version = version;
        this.conflicts = List.copyOf(conflicts);
    }

    public static CommitResult applied(long version) {
        return new CommitResult(true, false, version, List.of());
    }

    /** Nothing was written: {@code conflicts} changed since the writer read them (no stale overwrite). */
    public static CommitResult stale(List<String> conflicts) {
        return new CommitResult(false, true, 0L, conflicts);
    }

    /** The session no longer exists in the store (invalidated or expired elsewhere); nothing was written. */
    public static CommitResult missing() {
        return new CommitResult(false, false, 0L, List.of());
    }

    public boolean isApplied() {
        return applied;
    }

    public boolean isStale() {
        return stale;
    }

    public long version() {
        return version;
    }

    public List<String> conflicts() {
        return conflicts;
    }

    @Override
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireTypes.COMMIT_RESULT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(applied);
        out.writeBoolean(stale);
        out.writeLong(version);
        out.writeInt(conflicts.size());
        for (String name : conflicts) {
            out.writeString(name);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        applied = in.readBoolean();
        stale = in.readBoolean();
        version = in.readLong();
        int size = in.readInt();
        List<String> names = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            names.add(in.readString());
        }
        conflicts = List.copyOf(names);
    }
}
