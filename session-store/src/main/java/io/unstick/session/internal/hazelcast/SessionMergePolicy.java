package io.unstick.session.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.SessionRecord;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * How the session map merges after a split cluster heals: {@link SessionRecord#merge} per session (each attribute's
 * newest write, tombstones win, the later expiry), instead of Hazelcast's default, which keeps one side's whole entry
 * and so discards what the other side acknowledged. A session whose two copies differed is logged and counted
 * ({@code merge_conflicts}, on the nodes whose member runs the merge). Configured on the session maps by
 * {@link HazelcastConfigs}; the stand-alone member has it from the same jar. It reads only the two values, so the
 * map needs no per-entry statistics.
 */
public final class SessionMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object>,
        HazelcastInstanceAware {

    /** Key of the manager's counters in the instance's user context, where the merge finds them. */
    public static final String COUNTERS = "io.unstick.session.counters";
    private static final System.Logger LOG = System.getLogger(SessionMergePolicy.class.getName());

    private transient HazelcastInstance instance;

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        Object theirs = merging.getDeserializedValue();
        Object ours = existing == null ? null : existing.getDeserializedValue();
        if (!(theirs instanceof SessionRecord mergingRecord) || (ours != null && !(ours instanceof SessionRecord))) {
            // Not a session (a map that shares the name pattern): keep what this side has, else take theirs.
            return existing != null && ours != null ? existing.getRawValue() : merging.getRawValue();
        }
        SessionRecord existingRecord = (SessionRecord) ours;
        SessionRecord.Merged merged = SessionRecord.merge(mergingRecord, existingRecord);
        if (!merged.differing().isEmpty()) {
            LOG.log(Level.WARNING, "Session " + mergingRecord.id() + " differed on the two sides of a split in "
                    + merged.differing() + "; the merge kept the newest write of each"
                    + (merged.record().isInvalidated() ? " and the session stays invalidated" : ""));
            if (instance != null && instance.getUserContext().get(COUNTERS) instanceof Counters counters) {
                counters.mergeConflict();
            }
        }
        if (merged.record() == existingRecord) {
            return existing.getRawValue();
        }
        return merged.record() == mergingRecord ? merging.getRawValue() : merged.record();
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
