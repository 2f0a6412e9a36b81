package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRecordTest {

    private static final byte[] V1 = {1};
    private static final byte[] V2 = {2};
    private static final byte[] V3 = {3};
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void aDeltaBasedOnTheStoredVersionsApplies() {
        SessionRecord record = new SessionRecord("s1", T0);

        assertThat(record.apply(SessionDelta.creating("s1", T0, "n1").change("a", V1, SessionDelta.ABSENT)
                .accessedAt(T0 + 1_000, 0))).isEmpty();
        long written = record.version();
        assertThat(record.apply(SessionDelta.updating("s1", "n1").change("a", V2, written).accessedAt(T0 + 2_000, 0)))
                .isEmpty();

        assertThat(record.attributes().get("a").bytes()).isEqualTo(V2);
        assertThat(record.attributes().get("a").version()).isEqualTo(record.version()).isGreaterThan(written);
        assertThat(record.attributes().get("a").writer()).isEqualTo("n1");
        assertThat(record.lastAccessedTime()).isEqualTo(T0 + 2_000);
        assertThat(record.lastChangedBy()).isEqualTo("n1");
    }

    @Test
    void versionsAreClockStampsThatOnlyGrowEvenWhenTheWritersClockStepsBack() {
        SessionRecord record = new SessionRecord("s1", T0);
        record.apply(SessionDelta.updating("s1", "n1").change("a", V1, SessionDelta.ABSENT).accessedAt(T0, 0));
        long first = record.version();
        record.apply(SessionDelta.updating("s1", "n2").change("a", V2, first).accessedAt(T0 - 5_000, 0));

        assertThat(Hlc.millis(first)).isEqualTo(T0);
        assertThat(record.version()).isEqualTo(first + 1);
    }

    /** Item 5: a commit based on an older version of an attribute never replaces a newer value. */
    record StaleCase(String name, Consumer<SessionRecord> between, SessionDelta late, List<String> refused) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<StaleCase> staleCases() {
        return Stream.of(
                new StaleCase("another write changed the attribute",
                        r -> r.apply(SessionDelta.updating("s1", "n2").change("cart", V2, r.version()).accessedAt(T0 + 2, 0)),
                        SessionDelta.updating("s1", "n1").change("cart", V3, 0), List.of("cart")),
                new StaleCase("another write removed the attribute (no resurrection)",
                        r -> r.apply(SessionDelta.updating("s1", "n2").remove("cart", r.version()).accessedAt(T0 + 2, 0)),
                        SessionDelta.updating("s1", "n1").change("cart", V3, 0), List.of("cart")),
                new StaleCase("a removal based on a value changed since",
                        r -> r.apply(SessionDelta.updating("s1", "n2").change("cart", V2, r.version()).accessedAt(T0 + 2, 0)),
                        SessionDelta.updating("s1", "n1").remove("cart", 0), List.of("cart")),
                new StaleCase("an attribute another write added meanwhile",
                        r -> r.apply(SessionDelta.updating("s1", "n2").change("new", V2, 0).accessedAt(T0 + 2, 0)),
                        SessionDelta.updating("s1", "n1").change("new", V3, SessionDelta.ABSENT), List.of("new")),
                new StaleCase("a different attribute changed meanwhile: no conflict",
                        r -> r.apply(SessionDelta.updating("s1", "n2").change("user", V2, 0).accessedAt(T0 + 2, 0)),
                        SessionDelta.updating("s1", "n1").change("cart", V3, 0), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staleCases")
    void aWriteBasedOnAnOlderVersionIsRefusedWholeAndChangesNothing(StaleCase c) {
        SessionRecord record = new SessionRecord("s1", T0);
        record.apply(SessionDelta.creating("s1", T0, "n0").change("cart", V1, 0).accessedAt(T0 + 1, 0));
        long seen = record.attributes().get("cart").version();
        c.between().accept(record);
        SessionRecord before = record.withId("s1");
        SessionDelta late = rebase(c.late(), "cart", seen).change("other", V1, SessionDelta.ABSENT)
                .accessedAt(T0 + 3, 0);

        List<String> refused = record.apply(late);

        assertThat(refused).isEqualTo(c.refused());
        if (!refused.isEmpty()) {
            assertThat(record.attributes()).as("nothing applied").isEqualTo(before.attributes());
            assertThat(record.version()).isEqualTo(before.version());
        } else {
            assertThat(record.attributes()).containsKeys("cart", "other");
        }
    }

    /** The delta's base version for {@code name} becomes what the writer saw, if it named one. */
    private static SessionDelta rebase(SessionDelta delta, String name, long seen) {
        if (delta.changed().containsKey(name)) {
            return delta.change(name, delta.changed().get(name), seen);
        }
        if (delta.removed().contains(name)) {
            return delta.remove(name, seen);
        }
        return delta;
    }

    @Test
    void aRemovedAttributeLeavesATombstoneThatGoesOnceTheSessionsLifetimeHasPassed() {
        SessionRecord record = new SessionRecord("s1", T0);
        record.apply(SessionDelta.creating("s1", T0, "n1").change("a", V1, 0).accessedAt(T0, 0)
                .metadata(new SessionMetadata(60, null, null)));
        record.apply(SessionDelta.updating("s1", "n1").remove("a", record.version()).accessedAt(T0 + 1_000, 0));

        assertThat(record.attributes()).doesNotContainKey("a");
        assertThat(record.removals()).containsKey("a");

        record.apply(SessionDelta.updating("s1", "n1").change("b", V1, 0).accessedAt(T0 + 1_000 + 66_001, 0));
        assertThat(record.removals()).as("older than 60 s + slack").isEmpty();
    }

    @Test
    void anInvalidatedSessionIsATombstoneThatNoCommitRevives() {
        SessionRecord record = new SessionRecord("s1", T0);
        record.apply(SessionDelta.creating("s1", T0, "n1").change("a", V1, 0).accessedAt(T0, 0)
                .metadata(new SessionMetadata(60, "FORM", V1)));

        record.invalidate(T0 + 10, "n2");

        assertThat(record.isInvalidated()).isTrue();
        assertThat(record.attributes()).isEmpty();
        assertThat(record.principal()).isNull();
        assertThat(record.tombstoneTtlMillis()).isEqualTo(66_000);
        assertThat(SessionRecord.commit(record, SessionDelta.updating("s1", "n1").change("a", V2, 0)).result()
                .isApplied()).isFalse();
        assertThat(SessionRecord.commit(record, SessionDelta.creating("s1", T0, "n1").change("a", V2, 0)).store())
                .as("not even as a new session").isNull();
    }

    /**
     * A rename's tombstone: a tombstone to every reader and every commit, that keeps its content until the rename
     * ends; a failed rename revives it (its own tombstone only), a completed one drops the content.
     */
    @Test
    void aRenamesTombstoneKeepsTheContentForAnUndoOfThatRenameOnly() {
        SessionRecord record = new SessionRecord("s1", T0);
        record.apply(SessionDelta.creating("s1", T0, "n1").change("a", V1, 0).accessedAt(T0, 0)
                .metadata(new SessionMetadata(60, "FORM", V1)));
        long live = record.version();

        record.retire(T0 + 10, "s2");

        assertThat(record.isInvalidated()).isTrue();
        assertThat(record.version()).isGreaterThan(live);
        assertThat(SessionRecord.commit(record, SessionDelta.updating("s1", "n1").change("a", V2, live)).result()
                .isApplied()).as("a commit sees a tombstone").isFalse();
        assertThat(record.revive(T0 + 20, "s3")).as("another rename's undo").isFalse();
        assertThat(record.isInvalidated()).isTrue();
        assertThat(record.renamedTo()).as("the rename a reader can look up").isEqualTo("s2");
        assertThat(record.takenFor("s3")).as("another rename's take, run again").isNull();
        SessionRecord takenAgain = record.takenFor("s2");
        assertThat(takenAgain.isInvalidated()).as("the take of this rename, run again, gets it live").isFalse();
        assertThat(takenAgain.attributes().get("a").bytes()).isEqualTo(V1);
        assertThat(record.isInvalidated()).as("and leaves the tombstone as it is").isTrue();

        assertThat(record.revive(T0 + 20, "s2")).isTrue();

        assertThat(record.isInvalidated()).isFalse();
        assertThat(record.attributes().get("a").bytes()).isEqualTo(V1);
        assertThat(record.principal()).isEqualTo(V1);
        assertThat(record.version()).as("newer than the tombstone").isGreaterThan(Hlc.next(T0 + 10, live));
        assertThat(record.revive(T0 + 30, "s2")).as("a live session is left alone").isFalse();

        SessionRecord renamed = new SessionRecord("s1", T0);
        renamed.apply(SessionDelta.creating("s1", T0, "n1").change("a", V1, 0).accessedAt(T0, 0));
        renamed.retire(T0 + 10, "s2");
        renamed.forgetContent();
        assertThat(renamed.isInvalidated()).isTrue();
        assertThat(renamed.attributes()).isEmpty();

        SessionRecord invalidated = new SessionRecord("s1", T0);
        invalidated.invalidate(T0 + 10, "n2");
        assertThat(invalidated.revive(T0 + 20, "n2")).as("an invalidation is never undone").isFalse();
        assertThat(invalidated.renamedTo()).as("an invalidation is no rename").isNull();
        assertThat(record.renamedTo()).as("a live session").isNull();
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

    // ------------------------------------------------------------------ the merge after a split (item 4)

    /** Two sides of a split, each continuing from the same record; what each did during the split. */
    record MergeCase(String name, Consumer<SessionRecord> majority, Consumer<SessionRecord> minority,
                     Map<String, byte[]> expected, boolean invalidated, List<String> differing) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Consumer<SessionRecord> write(String name, byte[] value, long at) {
        return r -> r.apply(SessionDelta.updating("s1", "w" + at).change(name, value,
                r.attributes().containsKey(name) ? r.attributes().get(name).version() : 0).accessedAt(at, 0));
    }

    private static Consumer<SessionRecord> removal(String name, long at) {
        return r -> r.apply(SessionDelta.updating("s1", "w" + at).remove(name, r.attributes().get(name).version())
                .accessedAt(at, 0));
    }

    private static final Consumer<SessionRecord> NOTHING = r -> { };

    private static Consumer<SessionRecord> retired(String renamedTo) {
        return r -> r.retire(T0 + 10, renamedTo);
    }

    static Stream<MergeCase> mergeCases() {
        return Stream.of(
                new MergeCase("nothing changed on either side", NOTHING, NOTHING,
                        Map.of("cart", V1, "user", V1), false, List.of()),
                new MergeCase("both sides changed different attributes: both kept",
                        write("cart", V2, T0 + 10), write("user", V2, T0 + 20),
                        Map.of("cart", V2, "user", V2), false, List.of("cart", "user")),
                new MergeCase("both changed the same attribute: the later write wins (majority later)",
                        write("cart", V2, T0 + 30), write("cart", V3, T0 + 20),
                        Map.of("cart", V2, "user", V1), false, List.of("cart")),
                new MergeCase("both changed the same attribute: the later write wins (minority later)",
                        write("cart", V2, T0 + 20), write("cart", V3, T0 + 30),
                        Map.of("cart", V3, "user", V1), false, List.of("cart")),
                new MergeCase("removed on one side, unchanged on the other: stays removed",
                        removal("cart", T0 + 10), NOTHING,
                        Map.of("user", V1), false, List.of("cart")),
                new MergeCase("removed on one side after a change on the other: stays removed",
                        removal("cart", T0 + 30), write("cart", V3, T0 + 20),
                        Map.of("user", V1), false, List.of("cart")),
                new MergeCase("changed on one side after a removal on the other: the change wins",
                        removal("cart", T0 + 20), write("cart", V3, T0 + 30),
                        Map.of("cart", V3, "user", V1), false, List.of("cart")),
                new MergeCase("added on one side only", NOTHING, write("new", V2, T0 + 10),
                        Map.of("cart", V1, "user", V1, "new", V2), false, List.of("new")),
                new MergeCase("invalidated on one side, changed on the other: stays invalidated",
                        r -> r.invalidate(T0 + 10, "n1"), write("cart", V3, T0 + 30),
                        Map.of(), true, List.of("(invalidated)")),
                new MergeCase("changed on one side, invalidated on the other: stays invalidated",
                        write("cart", V3, T0 + 30), r -> r.invalidate(T0 + 10, "n3"),
                        Map.of(), true, List.of("(invalidated)")),
                new MergeCase("a rename undone on one side, its tombstone copied to the other: stays live",
                        retired("s2").andThen(r -> r.revive(T0 + 20, "s2")), retired("s2"),
                        Map.of("cart", V1, "user", V1), false, List.of("(rename undone)")),
                new MergeCase("a rename undone and the session changed after, its tombstone on the other side",
                        retired("s2").andThen(r -> r.revive(T0 + 20, "s2")).andThen(write("cart", V2, T0 + 30)),
                        retired("s2"), Map.of("cart", V2, "user", V1), false, List.of("(rename undone)")),
                new MergeCase("a completed rename on one side, the session from before it on the other: ended",
                        retired("s2").andThen(SessionRecord::forgetContent), NOTHING,
                        Map.of(), true, List.of("(invalidated)")),
                new MergeCase("invalidated on one side, renamed and undone on the other: stays invalidated",
                        r -> r.invalidate(T0 + 40, "n1"), retired("s2").andThen(r -> r.revive(T0 + 20, "s2")),
                        Map.of(), true, List.of("(invalidated)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mergeCases")
    void aMergeKeepsEachAttributesNewestWriteAndNeverRevivesWhatEnded(MergeCase c) {
        SessionRecord common = new SessionRecord("s1", T0);
        common.apply(SessionDelta.creating("s1", T0, "n0").change("cart", V1, 0).change("user", V1, 0)
                .accessedAt(T0, 0));
        SessionRecord majority = common.withId("s1");
        SessionRecord minority = common.withId("s1");
        c.majority().accept(majority);
        c.minority().accept(minority);

        for (boolean minorityMerges : new boolean[] {true, false}) {
            SessionRecord.Merged merged = minorityMerges ? SessionRecord.merge(minority, majority)
                    : SessionRecord.merge(majority, minority);

            assertThat(merged.record().isInvalidated()).isEqualTo(c.invalidated());
            assertThat(merged.record().attributes()).hasSameSizeAs(c.expected());
            c.expected().forEach((name, value) ->
                    assertThat(merged.record().attributes().get(name).bytes()).as(name).isEqualTo(value));
            assertThat(merged.differing()).containsExactlyInAnyOrderElementsOf(c.differing());
        }
    }

    @Test
    void theLaterLastAccessWinsAndTheNewerMetadataAndHoldersOfBothSidesStay() {
        SessionRecord common = new SessionRecord("s1", T0);
        common.apply(SessionDelta.creating("s1", T0, "n0").change("cart", V1, 0).accessedAt(T0, 0)
                .metadata(new SessionMetadata(60, null, null)));
        SessionRecord majority = common.withId("s1");
        SessionRecord minority = common.withId("s1");
        majority.touch(T0 + 50_000, "n1");
        majority.addHolder("n1");
        minority.apply(SessionDelta.updating("s1", "n3").keptByWriter().accessedAt(T0 + 10_000, 0)
                .metadata(new SessionMetadata(600, "FORM", V2)));

        SessionRecord merged = SessionRecord.merge(minority, majority).record();

        assertThat(merged.lastAccessedTime()).isEqualTo(T0 + 50_000);
        assertThat(merged.maxInactiveSeconds()).isEqualTo(600);
        assertThat(merged.authType()).isEqualTo("FORM");
        assertThat(merged.isHeldBy("n1")).isTrue();
        assertThat(merged.isHeldBy("n3")).isTrue();
    }

    @Test
    void aCopyBasedOnTheLosingSideIsStaleAfterTheMergeAndOneBasedOnTheWinnerIsNot() {
        SessionRecord common = new SessionRecord("s1", T0);
        common.apply(SessionDelta.creating("s1", T0, "n0").change("cart", V1, 0).accessedAt(T0, 0));
        SessionRecord majority = common.withId("s1");
        SessionRecord minority = common.withId("s1");
        write("cart", V2, T0 + 20).accept(majority);
        write("cart", V3, T0 + 10).accept(minority);
        long lost = minority.attributes().get("cart").version();
        long kept = majority.attributes().get("cart").version();

        SessionRecord merged = SessionRecord.merge(minority, majority).record();

        assertThat(merged.withId("s1").apply(SessionDelta.updating("s1", "n3").change("cart", V1, lost)))
                .containsExactly("cart");
        assertThat(merged.apply(SessionDelta.updating("s1", "n1").change("cart", V1, kept))).isEmpty();
    }

    @Test
    void equalStampsFromDifferentWritersAreRestampedSoThatNeitherCopyPassesAsCurrent() {
        SessionRecord common = new SessionRecord("s1", T0);
        common.apply(SessionDelta.creating("s1", T0, "n0").change("cart", V1, 0).accessedAt(T0, 0));
        SessionRecord one = common.withId("s1");
        SessionRecord two = common.withId("s1");
        one.apply(SessionDelta.updating("s1", "a").change("cart", V2, one.version()).accessedAt(T0 + 5, 0));
        two.apply(SessionDelta.updating("s1", "b").change("cart", V3, two.version()).accessedAt(T0 + 5, 0));
        long same = one.version();

        SessionRecord merged = SessionRecord.merge(one, two).record();

        assertThat(merged.attributes().get("cart").bytes()).isEqualTo(V3); // writer "b" > "a"
        assertThat(merged.attributes().get("cart").version()).isNotEqualTo(same);
    }
}
