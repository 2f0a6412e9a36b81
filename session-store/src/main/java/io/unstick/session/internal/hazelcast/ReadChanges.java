package io.unstick.session.internal.hazelcast;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.unstick.session.internal.core.KnownValues;
import io.unstick.session.internal.core.RecordChanges;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.WireTypes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A versioned read: answers the stored session without the values the reader remembers at the versions still
 * stored ({@link RecordChanges} decides). Reads only: no backup, no write, the expiry time untouched. Names travel
 * with a one-byte length, versions as longs: about 20 bytes per remembered value against the value itself.
 *
 * <p>Sent as {@link WireTypes#READ_COMPACT_CHANGES}, whose answer is in {@link RecordChanges}'s compact layout. A
 * read an older node sent ({@link WireTypes#READ_CHANGES}) gets the older layout, which is all that node reads.
 */
public final class ReadChanges implements EntryProcessor<String, SessionRecord, RecordChanges>,
        IdentifiedDataSerializable, ReadOnly {

    private String[] names;
    private long[] versions;
    private boolean compactAnswer = true;

    /** For Hazelcast deserialization only. */
    public ReadChanges() {
    }

    /** For Hazelcast deserialization of {@link WireTypes#READ_CHANGES}. */
    static ReadChanges fromOlderNode() {
        ReadChanges read = new ReadChanges();
        read.compactAnswer = false;
        return read;
    }

    /** @param known what the reader remembers of the session, or null for nothing */
    public ReadChanges(KnownValues known) {
        this.names = known == null ? new String[0] : known.names().toArray(String[]::new);
        this.versions = known == null ? new long[0] : known.versions();
    }

    @Override
    public RecordChanges process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        return record == null ? null : RecordChanges.since(record, names, versions, compactAnswer);
    }

    @Override
    public EntryProcessor<String, SessionRecord, RecordChanges> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return compactAnswer ? WireTypes.READ_COMPACT_CHANGES : WireTypes.READ_CHANGES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(names.length);
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
            out.writeByte(name.length);
            out.write(name);
            out.writeLong(versions[i]);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int count = in.readUnsignedByte();
        names = new String[count];
        versions = new long[count];
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[in.readUnsignedByte()];
            in.readFully(name);
            names[i] = new String(name, StandardCharsets.UTF_8);
            versions[i] = in.readLong();
        }
    }
}
