package io.unstick.session.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of applying a {@link SessionDelta}: whether the session still existed, the record version now
 * stored (every attribute the delta wrote carries it), and the attributes written concurrently by someone else.
 */
public final class CommitResult implements DataSerializable {

    private boolean applied;
    private long version;
    private List<String> conflicts = new ArrayList<>();

    /** For Hazelcast deserialization only. */
    public CommitResult() {
    }

    private CommitResult(boolean applied, long version, List<String> conflicts) {
        this.applied = applied;
        this.version = version;
        this.conflicts = List.copyOf(conflicts);
    }

    public static CommitResult applied(long version, List<String> conflicts) {
        return new CommitResult(true, version, conflicts);
    }

    /** The session no longer exists in the store (invalidated or expired elsewhere); nothing was written. */
    public static CommitResult missing() {
        return new CommitResult(false, 0L, List.of());
    }

    public boolean isApplied() {
        return applied;
    }

    public long version() {
        return version;
    }

    public List<String> conflicts() {
        return conflicts;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(applied);
        out.writeLong(version);
        out.writeInt(conflicts.size());
        for (String name : conflicts) {
            out.writeString(name);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        applied = in.readBoolean();
        version = in.readLong();
        int size = in.readInt();
        List<String> names = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            names.add(in.readString());
        }
        conflicts = List.copyOf(names);
    }
}
