package io.unstick.session.internal.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.WireTypes;

import java.io.IOException;
import java.util.Map;

/**
 * Event filter evaluated on the members: passes updates whose content another node wrote to a session this node
 * holds a copy of. A node keeping local copies hears neither of its own changes, nor of sessions it never held,
 * nor of mere idle-clock refreshes: with affinity, a write sends no event at all.
 */
public final class ContentChangedByOtherNode implements Predicate<String, SessionRecord>, IdentifiedDataSerializable {

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
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireTypes.CONTENT_CHANGED_BY_OTHER_NODE;
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
