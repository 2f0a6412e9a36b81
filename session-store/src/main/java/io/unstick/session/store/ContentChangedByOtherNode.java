package io.unstick.session.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.query.Predicate;
import io.unstick.session.core.SessionRecord;

import java.io.IOException;
import java.util.Map;

/**
 * Event filter evaluated on the members: passes updates whose content another node wrote, so a node keeping local
 * copies hears only about the changes it did not make itself (and never about mere idle-clock refreshes).
 */
public final class ContentChangedByOtherNode implements Predicate<String, SessionRecord>, DataSerializable {

    private String node;

    /** For Hazelcast deserialization only. */
    public ContentChangedByOtherNode() {
    }

    public ContentChangedByOtherNode(String node) {
        this.node = node;
    }

    @Override
    public boolean apply(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        return record != null
                && record.lastChangeKind() == SessionRecord.ChangeKind.CONTENT
                && !node.equals(record.lastChangedBy());
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(node);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        node = in.readString();
    }
}
