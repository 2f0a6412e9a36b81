package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.unstick.session.internal.core.SessionRecord;

import java.io.IOException;
import java.util.Map;

/**
 * Ends a completed rename: the tombstone its {@link TakeSession} left under the old id drops the content it kept for
 * an undo, and stays a tombstone for as long as before.
 */
public final class ForgetRenamedContent implements EntryProcessor<String, SessionRecord, Void>, DataSerializable {

    private String renamedTo;

    /** For Hazelcast deserialization only. */
    public ForgetRenamedContent() {
    }

    public ForgetRenamedContent(String renamedTo) {
        this.renamedTo = renamedTo;
    }

    @Override
    public Void process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        if (record != null && record.isRetiredFor(renamedTo)) {
            record.forgetContent();
            ((ExtendedMapEntry<String, SessionRecord>) entry).setValueWithoutChangingExpiryTime(record);
        }
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(renamedTo);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        renamedTo = in.readString();
    }
}
