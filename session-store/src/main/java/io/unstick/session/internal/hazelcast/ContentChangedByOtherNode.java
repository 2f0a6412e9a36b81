package io.unstick.session.internal.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.query.Predicate;
import io.unstick.session.internal.core.SessionRecord;

import java.io.IOException;
import java.util.Map;

/**
 * Event filter evaluated on the members: passes updates whose content another node wrote to a session this node
 * holds a copy of. A node keeping local copies hears neither of its own changes, nor of sessions it never held,
 * nor of mere idle-clock refreshes: with affinity, a write sends no event at all.
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
                && !node.equals(record.lastChangedBy())
                && record.isHeldBy(node);
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
