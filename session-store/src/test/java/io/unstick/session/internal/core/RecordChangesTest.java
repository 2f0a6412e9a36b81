package io.unstick.session.internal.core;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.nio.ObjectDataOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versioned reads: the owner leaves out only values the reader has at the version still stored, so whatever the
 * reader remembers, the completed record holds exactly the stored values. Every case runs on the answer as the
 * owner built it (a local call) and as it arrives over the wire.
 */
class RecordChangesTest {

    private static final InternalSerializationService SERIALIZATION = new DefaultSerializationServiceBuilder().build();
    private static final String KEY = "key-of-the-session";

    @AfterAll
    static void dispose() {
        SERIALIZATION.dispose();
    }

    private static SessionRecord created() {
        SessionDelta delta = SessionDelta.creating(KEY, 1_000, "node1-a").change("cart", bytes("cart 1"), 0)
                .change("id", bytes("sealed id"), 0).change("createdOn", bytes("node1"), 0);
        delta.accessedAt(1_000, 60_000);
        return SessionRecord.commit(null, delta).store();
    }

    private static SessionRecord write(SessionRecord record, String node, String name, String value, long time) {
        SessionDelta delta = SessionDelta.updating(KEY, node)
                .change(name, bytes(value), record.attributes().containsKey(name)
                        ? record.attributes().get(name).version() : SessionDelta.ABSENT);
        delta.accessedAt(time, 60_000);
        SessionRecord.Commit commit = SessionRecord.commit(record, delta);
        assertThat(commit.result().isApplied()).isTrue();
        return commit.store();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static SessionRecord read(SessionRecord stored, KnownValues known, boolean overTheWire) throws IOException {
        String[] names = known == null ? new String[0] : known.names().toArray(String[]::new);
        long[] versions = known == null ? new long[0] : known.versions();
        RecordChanges answer = RecordChanges.since(stored, names, versions, true);
        if (!overTheWire) {
            return answer.complete(KEY, known);
        }
        SessionRecord compact = throughTheWire(answer, new RecordChanges()).complete(KEY, known);
        SessionRecord older = throughTheWire(RecordChanges.since(stored, names, versions, false),
                RecordChanges.inOlderLayout()).complete(KEY, known);
        assertThat(describe(compact)).as("the compact layout carries what the older one does")
                .isEqualTo(describe(older));
        return compact;
    }

    private static RecordChanges throughTheWire(RecordChanges answer, RecordChanges received) throws IOException {
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        answer.writeData(out);
        received.readData(SERIALIZATION.createObjectDataInput(out.toByteArray()));
        return received;
    }

    private static String describe(SessionRecord copy) {
        return copy == null ? "null" : copy.id() + " created " + copy.creationTime() + ", accessed "
                + copy.lastAccessedTime() + ", timeout " + copy.maxInactiveSeconds() + ", login " + copy.authType()
                + " " + java.util.Arrays.toString(copy.principal()) + ", version " + copy.version() + ", "
                + values(copy) + (copy.isInvalidated() ? ", invalidated" : "");
    }

    private static Map<String, String> values(SessionRecord record) {
        Map<String, String> values = new TreeMap<>();
        record.attributes().forEach((name, value) -> values.put(name, new String(value.bytes(),
                java.nio.charset.StandardCharsets.UTF_8) + "@" + value.version()));
        return values;
    }

    @ParameterizedTest(name = "over the wire: {0}")
    @ValueSource(booleans = {false, true})
    void aReaderThatRemembersNothingGetsTheWholeSession(boolean overTheWire) throws IOException {
        SessionRecord stored = created();

        SessionRecord read = read(stored, null, overTheWire);

        assertThat(read.id()).isEqualTo(KEY);
        assertThat(values(read)).isEqualTo(values(stored));
        assertThat(read.creationTime()).isEqualTo(1_000);
        assertThat(read.lastAccessedTime()).isEqualTo(stored.lastAccessedTime());
    }

    @ParameterizedTest(name = "over the wire: {0}")
    @ValueSource(booleans = {false, true})
    void aValueChangedSinceTheReaderSawItIsSentAndServedNew(boolean overTheWire) throws IOException {
        SessionRecord before = created();
        KnownValues known = KnownValues.of(before);
        SessionRecord stored = write(before, "node2-b", "cart", "cart 2", 2_000);

        SessionRecord read = read(stored, known, overTheWire);

        assertThat(values(read)).isEqualTo(values(stored));
        assertThat(new String(read.attributes().get("cart").bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("cart 2");
    }

    @ParameterizedTest(name = "over the wire: {0}")
    @ValueSource(booleans = {false, true})
    void valuesTheReaderHasAtTheStoredVersionAreNotSentAgain(boolean overTheWire) throws IOException {
        SessionRecord stored = created();
        KnownValues known = KnownValues.of(stored);

        RecordChanges answer = RecordChanges.since(stored, known.names().toArray(String[]::new), known.versions(), true);
        SessionRecord read = read(stored, known, overTheWire);

        assertThat(answer.unchangedCount()).isEqualTo(3);
        assertThat(values(read)).isEqualTo(values(stored));
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        answer.writeData(out);
        assertThat(new String(out.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("cart 1").doesNotContain("sealed id").doesNotContain(KEY);
    }

    @ParameterizedTest(name = "over the wire: {0}")
    @ValueSource(booleans = {false, true})
    void aValueRemovedSinceIsAbsentAndOneAddedIsThere(boolean overTheWire) throws IOException {
        SessionRecord before = created();
        KnownValues known = KnownValues.of(before);
        SessionDelta delta = SessionDelta.updating(KEY, "node2-b").remove("createdOn",
                before.attributes().get("createdOn").version()).change("user", bytes("ann"), SessionDelta.ABSENT);
        delta.accessedAt(2_000, 60_000);
        SessionRecord stored = SessionRecord.commit(before, delta).store();

        SessionRecord read = read(stored, known, overTheWire);

        assertThat(values(read)).isEqualTo(values(stored)).doesNotContainKey("createdOn").containsKey("user");
    }

    @ParameterizedTest(name = "over the wire: {0}")
    @ValueSource(booleans = {false, true})
    void whatTheReaderWroteItselfIsNotSentBack(boolean overTheWire) throws IOException {
        SessionRecord before = created();
        KnownValues known = KnownValues.of(before);
        SessionDelta delta = SessionDelta.updating(KEY, "node1-a").change("cart", bytes("cart 2"),
                before.attributes().get("cart").version());
        delta.accessedAt(2_000, 60_000);
        SessionRecord.Commit commit = SessionRecord.commit(before, delta);
        KnownValues afterWrite = known.afterWrite(delta, commit.result().version());

        RecordChanges answer = RecordChanges.since(commit.store(), afterWrite.names().toArray(String[]::new),
                afterWrite.versions(), true);

        assertThat(answer.unchangedCount()).isEqualTo(3);
        assertThat(values(read(commit.store(), afterWrite, overTheWire))).isEqualTo(values(commit.store()));
    }

    @ParameterizedTest(name = "over the wire: {0}")
    @ValueSource(booleans = {false, true})
    void aTombstoneIsSentWholeForTheReaderToFinishARename(boolean overTheWire) throws IOException {
        SessionRecord stored = created();
        KnownValues known = KnownValues.of(stored);
        stored.retire(3_000, "new-key");

        SessionRecord read = read(stored, known, overTheWire);

        assertThat(read.isInvalidated()).isTrue();
        assertThat(read.renamedTo()).isEqualTo("new-key");
        assertThat(values(read)).isEqualTo(values(stored));
    }

    @Test
    void whatWasRememberedOfAnOlderSessionUnderTheSameKeyIsNotUsed() {
        SessionRecord older = created();
        KnownValues known = KnownValues.of(older);
        SessionDelta delta = SessionDelta.creating(KEY, 5_000, "node1-a").change("cart", bytes("another cart"), 0);
        delta.accessedAt(5_000, 60_000);
        SessionRecord newer = SessionRecord.commit(null, delta).store();
        // The same name and version, as if a clock had gone back: only the creation time tells them apart.
        SessionRecord stored = newer.withId(KEY);
        String[] names = {"cart"};
        long[] versions = {stored.attributes().get("cart").version()};
        KnownValues sameVersion = new KnownValues(known.creationTime(), java.util.List.of("cart"),
                java.util.List.of(new StoredAttribute(bytes("cart 1"), versions[0])));

        assertThat(RecordChanges.since(stored, names, versions, true).complete(KEY, sameVersion)).isNull();
    }

    @Test
    void theMemoryIsBoundedLeastRecentlyUsedFirstOut() {
        KnownRecords records = new KnownRecords(2);
        records.remember(created().withId("a"));
        records.remember(created().withId("b"));
        records.get("a");
        records.remember(created().withId("c"));

        assertThat(records.get("a")).isNotNull();
        assertThat(records.get("b")).isNull();
        assertThat(records.get("c")).isNotNull();
        assertThat(records.size()).isEqualTo(2);
    }

    @Test
    void aWriteUpdatesOnlyASessionTheNodeRemembers() {
        KnownRecords records = new KnownRecords(10);
        SessionDelta creating = SessionDelta.creating("new", 1_000, "node1-a").change("cart", bytes("x"), 0);
        records.rememberWrite(creating, 7);
        assertThat(records.get("new")).isNull();

        records.remember(created());
        SessionDelta removing = SessionDelta.updating(KEY, "node1-a").remove("cart", 1);
        records.rememberWrite(removing, 9);
        assertThat(records.get(KEY).names()).containsExactly("id", "createdOn");
    }

    @Test
    void aLoggedInSessionComesBackWithItsLoginTimesAndTimeout() throws IOException {
        SessionDelta delta = SessionDelta.creating(KEY, 1_000, "node1-a").change("cart", bytes("cart 1"), 0)
                .metadata(new SessionMetadata(1_800, "FORM", bytes("alice")));
        delta.accessedAt(1_500, 60_000);
        SessionRecord stored = SessionRecord.commit(null, delta).store();

        SessionRecord read = read(stored, null, true);

        assertThat(read.authType()).isEqualTo("FORM");
        assertThat(read.principal()).isEqualTo(bytes("alice"));
        assertThat(read.maxInactiveSeconds()).isEqualTo(1_800);
        assertThat(read.creationTime()).isEqualTo(1_000);
        assertThat(read.lastAccessedTime()).isEqualTo(1_500);
    }

    /** The figure behind the bytes between nodes: a cart session as the sample app stores it, read by a new reader. */
    @Test
    void theCompactAnswerIsSmallerThanTheOlderByItsFixedWidths() throws IOException {
        long now = 1_764_000_000_000L;
        SessionDelta delta = SessionDelta.creating(KEY, now, "node1-SdDmHoXtvH1VXqsF")
                .change("cart", new byte[300], 0).change("id", new byte[60], 0).change("createdOn", new byte[12], 0);
        delta.accessedAt(now + 456, 1_980_000L);
        SessionRecord stored = SessionRecord.commit(null, delta).store();

        int older = wire(RecordChanges.since(stored, new String[0], new long[0], false));
        int compact = wire(RecordChanges.since(stored, new String[0], new long[0], true));

        assertThat(older - compact).as("bytes saved per answer (older %d, compact %d)", older, compact)
                .isGreaterThanOrEqualTo(40);
    }

    @Test
    void aCorruptCopyIsRefusedWithTheReason() throws IOException {
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        out.writeBoolean(false); // not whole
        CompactData.writeVarLong(out, 0); // nothing left out
        CompactData.writeVarLong(out, 1_000); // created
        CompactData.writeVarLong(out, 0); // accessed since
        CompactData.writeVarLong(out, 1L << 40); // a timeout beyond an int
        byte[] hugeTimeout = out.toByteArray();
        assertThatThrownBy(() -> new RecordChanges().readData(SERIALIZATION.createObjectDataInput(hugeTimeout)))
                .isInstanceOf(IOException.class).hasMessageContaining("is not one a node writes");

        ObjectDataOutput valueless = SERIALIZATION.createObjectDataOutput();
        valueless.writeBoolean(false);
        CompactData.writeVarLong(valueless, 0);
        CompactData.writeVarLong(valueless, 1_000);
        CompactData.writeVarLong(valueless, 0);
        CompactData.writeVarLong(valueless, 60);
        CompactData.writeString(valueless, null); // no login
        CompactData.writeBytes(valueless, null);
        valueless.writeLong(1);
        valueless.writeLong(1);
        CompactData.writeSize(valueless, 1);
        CompactData.writeString(valueless, "cart");
        valueless.writeLong(1);
        CompactData.writeBytes(valueless, null);
        byte[] corrupt = valueless.toByteArray();
        assertThatThrownBy(() -> new RecordChanges().readData(SERIALIZATION.createObjectDataInput(corrupt)))
                .isInstanceOf(IOException.class).hasMessageContaining("without a name or a value");
    }

    private static int wire(RecordChanges answer) throws IOException {
        ObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
        answer.writeData(out);
        return out.toByteArray().length;
    }
}
