package io.unstick.session.internal.core;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored record's formats: every format ever written is read (a rolling upgrade meets old records). */
class SessionRecordFormatTest {

    private static final InternalSerializationService SERIALIZATION = new DefaultSerializationServiceBuilder().build();

    @AfterAll
    static void dispose() {
        SERIALIZATION.dispose();
    }

    @Test
    void aRecordWrittenInFormat1BeforeFormatsWereNumberedIsRead() throws IOException {
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        // Format 1, exactly as unstick 0.1's SessionRecord.writeData wrote it.
        out.writeString("4F2A9C");
        out.writeLong(1_000);           // creationTime
        out.writeLong(2_000);           // lastAccessedTime
        out.writeInt(1_800);            // maxInactiveSeconds
        out.writeString("FORM");        // authType
        out.writeByteArray(new byte[] {7, 7});  // principal
        out.writeLong(3);               // version
        out.writeString("node1-x");     // lastChangedBy
        out.writeByte(0);               // lastChangeKind CONTENT
        out.writeInt(1);
        out.writeString("cart");
        out.writeLong(3);
        out.writeByteArray(new byte[] {1, 2, 3});
        out.writeInt(1);
        out.writeString("node1-x");     // holders

        SessionRecord record = read(out.toByteArray());

        assertThat(record.id()).isEqualTo("4F2A9C");
        assertThat(record.creationTime()).isEqualTo(1_000);
        assertThat(record.lastAccessedTime()).isEqualTo(2_000);
        assertThat(record.maxInactiveSeconds()).isEqualTo(1_800);
        assertThat(record.authType()).isEqualTo("FORM");
        assertThat(record.principal()).containsExactly(7, 7);
        assertThat(record.version()).isEqualTo(3);
        assertThat(record.lastChangedBy()).isEqualTo("node1-x");
        assertThat(record.attributes().get("cart").bytes()).containsExactly(1, 2, 3);
        assertThat(record.attributes().get("cart").version()).isEqualTo(3);
        assertThat(record.isHeldBy("node1-x")).isTrue();
    }

    @Test
    void theCurrentFormatIsMarkedNumberedAndReadBack() throws IOException {
        SessionRecord record = new SessionRecord("s1", 1_000);
        record.apply(SessionDelta.creating("s1", 1_000, "n1").change("cart", new byte[] {9}, SessionDelta.ABSENT)
                .metadata(new SessionMetadata(60, "BASIC", new byte[] {5})).accessedAt(2_000, 0));
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        record.writeData(out);
        byte[] bytes = out.toByteArray();

        ObjectDataInput header = SERIALIZATION.createObjectDataInput(bytes);
        assertThat(header.readInt()).isEqualTo(SessionRecord.FORMAT_MARKER);
        assertThat(header.readByte()).isEqualTo((byte) SessionRecord.FORMAT);
        SessionRecord back = read(bytes);
        assertThat(back.id()).isEqualTo("s1");
        assertThat(back.attributes().get("cart").bytes()).containsExactly(9);
        assertThat(back.authType()).isEqualTo("BASIC");
        assertThat(back.version()).isEqualTo(record.version());
    }

    @Test
    void format2KeepsWritersTombstonesAndTheInvalidation() throws IOException {
        SessionRecord record = new SessionRecord("s1", 1_000);
        record.apply(SessionDelta.creating("s1", 1_000, "n1").change("a", new byte[] {1}, 0).change("b", new byte[] {2}, 0)
                .accessedAt(2_000, 0));
        record.apply(SessionDelta.updating("s1", "n2").remove("b", record.attributes().get("b").version())
                .accessedAt(3_000, 0));
        SessionRecord ended = record.withId("s1");
        ended.invalidate(4_000, "n3");

        SessionRecord back = roundTrip(record);
        SessionRecord endedBack = roundTrip(ended);

        assertThat(back.attributes().get("a").writer()).isEqualTo("n1");
        assertThat(back.removals()).containsEntry("b", record.removals().get("b"));
        assertThat(back.isInvalidated()).isFalse();
        assertThat(endedBack.isInvalidated()).isTrue();
        assertThat(endedBack.version()).isEqualTo(ended.version());
    }

    private static SessionRecord roundTrip(SessionRecord record) throws IOException {
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        record.writeData(out);
        return read(out.toByteArray());
    }

    @Test
    void aFormatFromTheFutureIsRefusedWithAMessageSayingWhy() throws IOException {
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        out.writeInt(SessionRecord.FORMAT_MARKER);
        out.writeByte(SessionRecord.FORMAT + 1);

        assertThatThrownBy(() -> read(out.toByteArray())).isInstanceOf(IOException.class)
                .hasMessageContaining("format " + (SessionRecord.FORMAT + 1));
    }

    private static SessionRecord read(byte[] bytes) throws IOException {
        SessionRecord record = new SessionRecord();
        record.readData(SERIALIZATION.createObjectDataInput(bytes));
        return record;
    }
}
