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

/** A write's compact layout carries everything but the session id, and a corrupt one fails with a message. */
class CompactDeltaTest {

    private static final InternalSerializationService SERIALIZATION = new DefaultSerializationServiceBuilder().build();

    @AfterAll
    static void dispose() {
        SERIALIZATION.dispose();
    }

    private interface Writing {
        void to(ObjectDataOutput out) throws IOException;
    }

    private static byte[] bytes(Writing writing) throws IOException {
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        writing.to(out);
        return out.toByteArray();
    }

    private static ObjectDataInput in(byte[] bytes) {
        return SERIALIZATION.createObjectDataInput(bytes);
    }

    @Test
    void everyPartOfAWriteButTheSessionIdComesBack() throws IOException {
        SessionDelta written = SessionDelta.creating("0123456789ABCDEF0123456789ABCDEF.node1", 1_764_000_000_123L,
                        "node1-SdDmHoXtvH1VXqsF").keptByWriter()
                .change("cart", new byte[] {1, 2, 3}, SessionDelta.ABSENT)
                .change("über", new byte[0], Long.MAX_VALUE)
                .remove("coupon", 7_000_000_000_000_000L)
                .metadata(new SessionMetadata(-1, null, new byte[] {9}))
                .accessedAt(1_764_000_000_456L, 1_980_000L);

        SessionDelta read = SessionDelta.readCompact(in(bytes(written::writeCompact)));

        assertThat(read.sessionId()).isNull();
        assertThat(read.create()).isTrue();
        assertThat(read.writerKeepsCopy()).isTrue();
        assertThat(read.creationTime()).isEqualTo(1_764_000_000_123L);
        assertThat(read.lastAccessedTime()).isEqualTo(1_764_000_000_456L);
        assertThat(read.ttlMillis()).isEqualTo(1_980_000L);
        assertThat(read.writer()).isEqualTo("node1-SdDmHoXtvH1VXqsF");
        assertThat(read.changed()).containsOnlyKeys("cart", "über");
        assertThat(read.changed().get("cart")).containsExactly(1, 2, 3);
        assertThat(read.changed().get("über")).isEmpty();
        assertThat(read.removed()).containsExactly("coupon");
        assertThat(read.baseVersion("cart")).isEqualTo(SessionDelta.ABSENT);
        assertThat(read.baseVersion("über")).isEqualTo(Long.MAX_VALUE);
        assertThat(read.baseVersion("coupon")).isEqualTo(7_000_000_000_000_000L);
        assertThat(read.metadata().maxInactiveSeconds()).isEqualTo(-1);
        assertThat(read.metadata().authType()).isNull();
        assertThat(read.metadata().principal()).containsExactly(9);
    }

    @Test
    void anUpdateWithoutMetadataComesBackWithout() throws IOException {
        SessionDelta written = SessionDelta.updating("id", "node2-b").change("cart", new byte[] {4}, 42)
                .accessedAt(5, 0);

        SessionDelta read = SessionDelta.readCompact(in(bytes(written::writeCompact)));

        assertThat(read.create()).isFalse();
        assertThat(read.writerKeepsCopy()).isFalse();
        assertThat(read.metadata()).isNull();
        assertThat(read.removed()).isEmpty();
        assertThat(read.baseVersion("cart")).isEqualTo(42);
        assertThat(read.lastAccessedTime()).isEqualTo(5);
    }

    /** The figure behind the bytes between nodes: a cart write, as the sample app's API makes one. */
    @Test
    void aCartWriteIsSmallerByTheSessionIdAndMore() throws IOException {
        String id = "C0FFEE0123456789ABCDEF0123456789.node1";
        SessionDelta cart = SessionDelta.updating(id, "node1-SdDmHoXtvH1VXqsF")
                .change("cart", new byte[300], 1_764_000_000_000L << 16)
                .accessedAt(1_764_000_000_456L, 1_980_000L);

        int older = bytes(cart::writeData).length;
        int compact = bytes(cart::writeCompact).length;

        assertThat(older - compact).as("bytes saved per copy of the write (older %d, compact %d)", older, compact)
                .isGreaterThanOrEqualTo(id.length() + 4 + 20);
    }

    @Test
    void numbersOfEverySizeComeBack() throws IOException {
        long[] values = {0, 1, -1, 63, 64, 127, 128, -129, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        byte[] bytes = bytes(out -> {
            for (long value : values) {
                CompactData.writeVarLong(out, value);
            }
            CompactData.writeSize(out, 127);
            CompactData.writeSize(out, 128);
            CompactData.writeString(out, null);
            CompactData.writeBytes(out, null);
        });
        ObjectDataInput in = in(bytes);
        for (long value : values) {
            assertThat(CompactData.readVarLong(in)).isEqualTo(value);
        }
        assertThat(CompactData.readSize(in)).isEqualTo(127);
        assertThat(CompactData.readSize(in)).isEqualTo(128);
        assertThat(CompactData.readString(in)).isNull();
        assertThat(CompactData.readBytes(in)).isNull();
        assertThat(bytes(out -> CompactData.writeSize(out, 127))).hasSize(1);
    }

    @Test
    void aCorruptNumberOrSizeIsRefusedBeforeAnythingIsAllocated() {
        byte[] endless = new byte[11];
        java.util.Arrays.fill(endless, (byte) 0xFF);
        assertThatThrownBy(() -> CompactData.readVarLong(in(endless)))
                .isInstanceOf(IOException.class).hasMessageContaining("runs over 10 bytes");

        byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertThatThrownBy(() -> CompactData.readBytes(in(huge)))
                .isInstanceOf(IOException.class).hasMessageContaining("is not one a node writes");
    }

    @Test
    void aChangedAttributeWithoutAValueIsRefused() throws IOException {
        byte[] corrupt = bytes(out -> {
            out.writeByte(0); // an update, no metadata
            CompactData.writeVarLong(out, 5); // last access
            CompactData.writeVarLong(out, 0); // time to live
            CompactData.writeString(out, "node1-a");
            CompactData.writeSize(out, 1);
            CompactData.writeString(out, "cart");
            out.writeLong(SessionDelta.ABSENT);
            CompactData.writeBytes(out, null);
        });

        assertThatThrownBy(() -> SessionDelta.readCompact(in(corrupt)))
                .isInstanceOf(IOException.class).hasMessageContaining("without a name or a value");
    }
}
