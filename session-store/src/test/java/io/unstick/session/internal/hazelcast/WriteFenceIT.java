package io.unstick.session.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13: a write that reaches its owner after its request gave up changes nothing, on a real member; the backup
 * replay is never fenced (it must do what the primary did).
 */
class WriteFenceIT {

    private static final long PASSED = System.currentTimeMillis() - 1_000;
    private static final long TTL = 60_000;

    private static HazelcastInstance member;
    private static IMap<String, SessionRecord> sessions;

    @BeforeAll
    static void startMember() {
        member = LoopbackMember.start("write-fence-it");
        sessions = member.getMap("sessions");
    }

    @AfterAll
    static void stopMember() {
        if (member != null) {
            member.shutdown();
        }
    }

    private static SessionDelta creating(String id) {
        return SessionDelta.creating(id, System.currentTimeMillis(), "node1")
                .change("cart", new byte[] {1, 2, 3}, SessionDelta.ABSENT)
                .accessedAt(System.currentTimeMillis(), TTL);
    }

    @Test
    void aWriteThatArrivesAfterItsFenceChangesNothingAndSaysWhy() {
        assertThatThrownBy(() -> sessions.executeOnKey("late", new ApplyDelta(creating("late"), PASSED)))
                .hasMessageContaining(WriteFence.TooLateException.MARK);
        assertThat(sessions.get("late")).as("nothing stored").isNull();

        assertThat(sessions.executeOnKey("in-time", new ApplyDelta(creating("in-time"),
                WriteFence.forDeadlineIn(5_000))).isApplied()).isTrue();
        assertThat(sessions.get("in-time").attributes()).containsKey("cart");
    }

    @Test
    void aLateRenameOrInvalidationLeavesTheSessionLive() {
        sessions.executeOnKey("kept", new ApplyDelta(creating("kept"), WriteFence.NONE));

        assertThatThrownBy(() -> sessions.executeOnKey("kept", new TakeSession(System.currentTimeMillis(), "node1",
                PASSED))).hasMessageContaining(WriteFence.TooLateException.MARK);
        assertThatThrownBy(() -> sessions.executeOnKey("kept", new InvalidateSession(System.currentTimeMillis(),
                "node1", PASSED))).hasMessageContaining(WriteFence.TooLateException.MARK);

        assertThat(sessions.get("kept").isInvalidated()).as("still a live session").isFalse();
        assertThat(sessions.executeOnKey("kept", new InvalidateSession(System.currentTimeMillis(), "node1",
                WriteFence.forDeadlineIn(5_000)))).isTrue();
        assertThat(sessions.get("kept").isInvalidated()).isTrue();
    }

    @Test
    void theBackupReplaysWhatThePrimaryDidWithoutAFence() {
        ApplyDelta primary = new ApplyDelta(creating("replayed"), PASSED);

        // The backup runs later than the primary, possibly past the fence: it must not drop what the primary applied.
        sessions.executeOnKey("replayed", primary.getBackupProcessor());

        assertThat(sessions.get("replayed")).isNotNull();
    }

    @Test
    void theFenceLiesAMarginBeforeTheCallersDeadline() {
        long now = System.currentTimeMillis();
        long fence = WriteFence.forDeadlineIn(2_000);
        assertThat(fence).isBetween(now + 1_500, now + 1_800);
        assertThat(WriteFence.forDeadlineIn(0)).isLessThanOrEqualTo(System.currentTimeMillis());
    }
}
