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
 * A request's write that ends the live session under a key, leaving its tombstone (kept for the session's lifetime,
 * treated as absent by every reader, winning over any live copy in a merge), unless it arrives after its request's
 * {@link WriteFence}. Subclasses say what the caller gets back.
 */
abstract class EndLiveSession<R> implements EntryProcessor<String, SessionRecord, R>, DataSerializable {

    private long millis;
    private String node;
    private long notAfter;

    EndLiveSession() {
    }

    EndLiveSession(long millis, String node, long notAfter) {
        this.millis = millis;
        this.node = node;
        this.notAfter = notAfter;
    }

    /** What the caller gets: {@code live} is the session as it was, or null when there was none. */
    abstract R result(SessionRecord live);

    /**
     * What the caller gets when the session had already ended: nothing, unless the tombstone is this very write's,
     * left by an earlier run of it (Hazelcast retries an invocation whose answer it lost).
     */
    R resultAfterEnd(SessionRecord tombstone, String node) {
        return result(null);
    }

    /** The same write without a fence, for the backup. */
    abstract EndLiveSession<R> unfenced(long millis, String node);

    /** Names the write in the fence's message. */
    abstract String what();

    /** Turns the live record into its tombstone. */
    abstract void end(SessionRecord live, long millis, String node);

    @Override
    public final R process(Map.Entry<String, SessionRecord> entry) {
        WriteFence.check(notAfter, what() + " of session " + entry.getKey());
        SessionRecord record = entry.getValue();
        if (record == null) {
            return result(null);
        }
        if (record.isInvalidated()) {
            return resultAfterEnd(record, node);
        }
        R result = result(record);
        end(record, millis, node);
        ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(record, record.tombstoneTtlMillis(),
                TimeUnit.MILLISECONDS);
        return result;
    }

    /** The backup replays what the primary did, fence or not. */
    @Override
    public final EntryProcessor<String, SessionRecord, R> getBackupProcessor() {
        return unfenced(millis, node);
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(millis);
        out.writeString(node);
        out.writeLong(notAfter);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        millis = in.readLong();
        node = in.readString();
        notAfter = in.readLong();
    }
}
