package io.unstick.session.internal.hazelcast;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.nio.ObjectDataOutput;
import io.unstick.session.internal.core.CommitResult;
import io.unstick.session.internal.core.KnownValues;
import io.unstick.session.internal.core.RecordChanges;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.WireTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's most sent classes travel by number, and what an older node sent by class name is still read. */
class WireTypeFactoryTest {

    private static final InternalSerializationService SERIALIZATION = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(WireTypes.FACTORY_ID, new WireTypeFactory()).build();

    @AfterAll
    static void dispose() {
        SERIALIZATION.dispose();
    }

    private static SessionRecord record() {
        SessionDelta delta = SessionDelta.creating("key", 1_000, "node1-a").change("cart", new byte[] {1, 2, 3}, 0);
        delta.accessedAt(2_000, 60_000);
        return SessionRecord.commit(null, delta).store();
    }

    @Test
    void eachNumberedClassTravelsByItsNumberAndComesBackWhole() {
        SessionDelta delta = SessionDelta.updating("key", "node2-b").change("cart", new byte[] {4}, 7);
        delta.accessedAt(3_000, 60_000);
        List<Object> objects = List.of(record(), CommitResult.applied(9), new ApplyDelta(delta, 5),
                new HoldSession("node1-a"), new TouchSession(1, 2, "node1-a"),
                new ContentChangedByOtherNode("node1-a"), new ReadChanges(KnownValues.of(record())),
                RecordChanges.since(record(), new String[] {"cart"}, new long[] {record().version()}, true),
                RecordChanges.since(record(), new String[] {"cart"}, new long[] {record().version()}, false));
        for (Object object : objects) {
            Data data = SERIALIZATION.toData(object);
            assertThat(new String(data.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("%s is sent without its class name", object.getClass().getSimpleName())
                    .doesNotContain(object.getClass().getSimpleName());
            Object back = SERIALIZATION.toObject(data);
            assertThat(back).isInstanceOf(object.getClass());
            assertThat((Object) SERIALIZATION.toData(back)).isEqualTo(data);
        }
    }

    @Test
    void aWriteAnOlderNodeSentInTheOlderLayoutIsReadAndItsBackupKeepsThatLayout() throws Exception {
        SessionDelta delta = SessionDelta.updating("key", "node2-b").change("cart", new byte[] {4}, 7);
        delta.accessedAt(3_000, 60_000);
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        out.writeBoolean(true); // identified: factory and class numbers follow
        out.writeInt(WireTypes.FACTORY_ID);
        out.writeInt(WireTypes.APPLY_DELTA);
        delta.writeData(out);
        out.writeLong(5);
        Data older = dataSerializable(out);

        ApplyDelta read = SERIALIZATION.toObject(older);

        assertThat((Object) SERIALIZATION.toData(read)).isEqualTo(older);
        assertThat(((ApplyDelta) read.getBackupProcessor()).getClassId()).isEqualTo(WireTypes.APPLY_DELTA);
        assertThat(new ApplyDelta(delta, 5).getClassId()).isEqualTo(WireTypes.APPLY_COMPACT_DELTA);
    }

    @Test
    void aReadAnOlderNodeSentIsAnsweredInTheLayoutThatNodeReads() throws Exception {
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        out.writeBoolean(true);
        out.writeInt(WireTypes.FACTORY_ID);
        out.writeInt(WireTypes.READ_CHANGES);
        new ReadChanges(KnownValues.of(record())).writeData(out);
        Data older = dataSerializable(out);

        ReadChanges read = SERIALIZATION.toObject(older);
        RecordChanges answer = read.process(Map.entry("key", record()));

        assertThat((Object) SERIALIZATION.toData(read)).isEqualTo(older);
        assertThat(answer.getClassId()).isEqualTo(WireTypes.RECORD_CHANGES);
        assertThat(answer.complete("key", KnownValues.of(record())).attributes()).containsKey("cart");
        assertThat(new ReadChanges(null).process(Map.entry("key", record())).getClassId())
                .isEqualTo(WireTypes.RECORD_COMPACT_CHANGES);
    }

    @Test
    void aRecordAnOlderNodeSentByClassNameIsRead() throws Exception {
        SessionRecord record = record();
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        out.writeBoolean(false); // not identified: the class name follows, as DataSerializable writes it
        out.writeString(SessionRecord.class.getName());
        record.writeData(out);

        SessionRecord read = SERIALIZATION.toObject(dataSerializable(out));

        assertThat(read.id()).isEqualTo("key");
        assertThat(read.attributes().get("cart").bytes()).containsExactly(1, 2, 3);
        assertThat(read.lastAccessedTime()).isEqualTo(2_000);
    }

    /** What a node sends for a {@code DataSerializable} object: no partition hash, the type, then the object's bytes. */
    private static Data dataSerializable(ObjectDataOutput out) {
        byte[] payload = out.toByteArray();
        ByteBuffer bytes = ByteBuffer.allocate(8 + payload.length);
        bytes.putInt(0).putInt(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE).put(payload);
        return new HeapData(bytes.array());
    }
}
