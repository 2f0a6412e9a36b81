package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRecordTest {

    private static final byte[] V1 = {1};
    private static final byte[] V2 = {2};

    @Test
    void aDeltaBasedOnTheStoredVersionsAppliesWithoutConflict() {
        SessionRecord record = new SessionRecord("s1", 1_000);

        assertThat(record.apply(SessionDelta.creating("s1", 1_000, "n1").change("a", V1, SessionDelta.ABSENT)
                .accessedAt(2_000, 0))).isEmpty();
        long written = record.version();
        assertThat(record.apply(SessionDelta.updating("s1", "n1").change("a", V2, written).accessedAt(3_000, 0)))
                .isEmpty();

        assertThat(record.attributes().get("a").bytes()).isEqualTo(V2);
        assertThat(record.attributes().get("a").version()).isEqualTo(record.version());
        assertThat(record.lastAccessedTime()).isEqualTo(3_000);
        assertThat(record.lastChangedBy()).isEqualTo("n1");
    }

    @Test
    void writesBasedOnAnOlderVersionAreReportedAsConflictsAndTheLastWriterWins() {
        SessionRecord record = new SessionRecord("s1", 1_000);
        record.apply(SessionDelta.creating("s1", 1_000, "n1").change("a", V1, SessionDelta.ABSENT)
                .change("b", V1, SessionDelta.ABSENT));
        long seenByBoth = record.version();
        record.apply(SessionDelta.updating("s1", "n1").change("a", V1, seenByBoth));

        var conflicts = record.apply(SessionDelta.updating("s1", "n2").change("a", V2, seenByBoth)
                .remove("b", seenByBoth).change("c", V2, SessionDelta.ABSENT));

        assertThat(conflicts).containsExactly("a");
        assertThat(record.attributes()).containsOnlyKeys("a", "c");
        assertThat(record.attributes().get("a").bytes()).isEqualTo(V2);
    }

    @Test
    void metadataChangesAndAccessTimesNeverGoBackwards() {
        SessionRecord record = new SessionRecord("s1", 1_000);
        record.apply(SessionDelta.updating("s1", "n1").accessedAt(5_000, 0)
                .metadata(new SessionMetadata(60, "FORM", V1)));
        record.apply(SessionDelta.updating("s1", "n2").accessedAt(4_000, 0));
        record.touch(3_000, "n3");

        assertThat(record.lastAccessedTime()).isEqualTo(5_000);
        assertThat(record.maxInactiveSeconds()).isEqualTo(60);
        assertThat(record.authType()).isEqualTo("FORM");
        assertThat(record.lastChangeKind()).isEqualTo(SessionRecord.ChangeKind.TOUCH);
    }

    @Test
    void aWriterThatKeepsItsCopyBecomesAHolderAndAHolderIsAddedOnce() {
        SessionRecord record = new SessionRecord("s1", 1_000);
        record.apply(SessionDelta.creating("s1", 1_000, "n1").keptByWriter().change("a", V1, SessionDelta.ABSENT));
        record.apply(SessionDelta.updating("s1", "n2").change("a", V2, record.version()));

        assertThat(record.isHeldBy("n1")).isTrue();
        assertThat(record.isHeldBy("n2")).isFalse(); // wrote, but keeps no copy (shared mode)
        assertThat(record.addHolder("n1")).isFalse();
        assertThat(record.lastChangeKind()).isEqualTo(SessionRecord.ChangeKind.CONTENT);
        assertThat(record.addHolder("n3")).isTrue();
        assertThat(record.lastChangeKind()).isEqualTo(SessionRecord.ChangeKind.HOLDER);
        assertThat(record.withId("s2").isHeldBy("n3")).isTrue();
    }
}
