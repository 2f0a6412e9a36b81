package io.unstick.session.internal.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.PauseWatch;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.StoreUnavailableException;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13: a login's rename that answers 503 leaves the session under its old id, which the client keeps. Two real
 * members; the second one's only partition thread is held busy, so it acknowledges no backup: the rename's first
 * write (taking the session from its old key) is applied on the owner, but its answer waits for that backup past the
 * deadline. A rename that completes leaves a tombstone without content under the old id, also when Hazelcast ran its
 * take twice. A rename cut off after its take, whose undo never arrives, is undone by the next reader.
 */
class RenameUndoIT {

    private static final long STORE_TIMEOUT_MS = 1_000;
    private static final long TTL = 60_000;
    /** Hands the stalled member's partition thread back; counted down in a finally, and never held longer than 30 s. */
    private static final CountDownLatch RESUME = new CountDownLatch(1);
    private static final CountDownLatch HELD = new CountDownLatch(1);

    private static HazelcastInstance owner;
    private static HazelcastInstance backup;
    private static HazelcastSessionStore store;
    private static IMap<String, SessionRecord> sessions;

    @BeforeAll
    static void startMembers() {
        String cluster = "rename-undo-it-" + ProcessHandle.current().pid();
        int[] ports = {FreePorts.next(), FreePorts.next()};
        owner = Hazelcast.newHazelcastInstance(config(cluster, ports[0], ports));
        backup = Hazelcast.newHazelcastInstance(config(cluster, ports[1], ports));
        sessions = owner.getMap("sessions");
        store = new HazelcastSessionStore(owner, "sessions", 10_000, STORE_TIMEOUT_MS, new Counters());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!owner.getPartitionService().isClusterSafe() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // partitions assigned and backed up: no migration moves a key under the test
        }
        assertThat(owner.getCluster().getMembers()).hasSize(2);
        assertThat(owner.getPartitionService().isClusterSafe()).as("cluster safe").isTrue();
    }

    private static Config config(String cluster, int port, int[] members) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.partition.count", "7");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // One partition thread, so that one busy operation stalls every backup this member holds.
        config.setProperty("hazelcast.operation.thread.count", "1");
        // As the manager sets it: a write waits for its backup longer than its request may (HazelcastConfigs).
        config.setProperty("hazelcast.operation.backup.timeout.millis", String.valueOf(STORE_TIMEOUT_MS + 5_000));
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false).getJoin().getMulticastConfig()
                .setEnabled(false);
        for (int member : members) {
            config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + member);
        }
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        WireTypeFactory.register(config.getSerializationConfig()); // as HazelcastConfigs does
        return config;
    }

    @AfterAll
    static void stopMembers() {
        RESUME.countDown();
        for (HazelcastInstance member : new HazelcastInstance[] {backup, owner}) {
            if (member != null) {
                member.shutdown();
            }
        }
    }

    @Test
    void aRenameWhoseAnswerCameTooLateLeavesTheSessionUnderItsOldId() throws Exception {
        String oldKey = key("undone", k -> ownedBy(owner, k));
        String newKey = key("undone", k -> !k.equals(oldKey) && ownedBy(owner, k));
        create(oldKey);

        CompletionStage<Object> stalled = backup.<String, SessionRecord>getMap("sessions").submitToKey(key("held", k -> ownedBy(backup, k)),
                new HoldThePartitionThread());
        try {
            assertThat(HELD.await(30, TimeUnit.SECONDS)).as("the backup member's partition thread is held").isTrue();
            store.beginRequest();
            assertThatThrownBy(() -> store.rename(oldKey, newKey, TTL, (name, sealed) -> sealed))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("rename");
        } finally {
            store.endRequest();
            RESUME.countDown();
        }
        stalled.toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(store.load(oldKey)).as("the session under the id its client keeps").hasValueSatisfying(
                record -> assertThat(record.attributes().get("cart").bytes()).containsExactly(1, 2, 3));
        assertThat(store.load(newKey)).as("nothing under the id no client was given").isEmpty();
    }

    @Test
    void aRenameThatCompletesLeavesATombstoneWithoutContent() throws Exception {
        String oldKey = key("done", k -> ownedBy(owner, k));
        String newKey = key("done", k -> !k.equals(oldKey));
        create(oldKey);

        store.beginRequest();
        try {
            assertThat(store.rename(oldKey, newKey, TTL, (name, sealed) -> sealed)).isTrue();
        } finally {
            store.endRequest();
        }

        SessionRecord tombstone = sessions.get(oldKey);
        assertThat(tombstone.isInvalidated()).isTrue();
        assertThat(tombstone.attributes()).as("the content kept for an undo is gone before the client learns the new"
                + " id").isEmpty();
        assertThat(store.load(newKey)).hasValueSatisfying(
                record -> assertThat(record.attributes().get("cart").bytes()).containsExactly(1, 2, 3));
        assertThat(store.load(oldKey)).as("the old id of a finished rename: no session, not a 503").isEmpty();
    }

    @Test
    void aRenameWhoseTakeHazelcastRanTwiceStillMovesTheSession() {
        String oldKey = key("twice", k -> true);
        String newKey = key("twice", k -> !k.equals(oldKey));
        create(oldKey);
        // Hazelcast re-sends an invocation when a member leaves, even one still queued where it was first sent: the
        // take then runs twice, and the run whose answer the rename gets may be the second.
        sessions.executeOnKey(oldKey, new TakeSession(System.currentTimeMillis(), newKey, WriteFence.NONE));
        assertThat(sessions.executeOnKey(oldKey, new TakeSession(System.currentTimeMillis(), "another-rename",
                WriteFence.NONE))).as("another rename's take finds no session").isNull();

        store.beginRequest();
        try {
            assertThat(store.rename(oldKey, newKey, TTL, (name, sealed) -> sealed)).isTrue();
        } finally {
            store.endRequest();
        }

        assertThat(store.load(newKey)).as("the session under its new id").hasValueSatisfying(
                record -> assertThat(record.attributes().get("cart").bytes()).containsExactly(1, 2, 3));
        assertThat(store.load(oldKey)).isEmpty();
    }

    @Test
    void aRenameCutOffAfterItsTakeIsUndoneByTheNextReaderOnceItCanNoLongerComplete() {
        String doneKey = key("cut", k -> true);
        String holdKey = key("cut", k -> !k.equals(doneKey));
        String readKey = key("cut", k -> !k.equals(doneKey) && !k.equals(holdKey));
        String goneKey = key("cut", k -> !List.of(doneKey, holdKey, readKey).contains(k));
        for (String key : List.of(doneKey, holdKey, readKey, goneKey)) {
            create(key);
        }
        // doneKey's rename completed; the nodes renaming the others lost the store right after their take (a split):
        // neither the second write nor the undo ever arrives.
        SessionRecord taken = sessions.executeOnKey(doneKey, new TakeSession(System.currentTimeMillis(), "done-new",
                WriteFence.NONE));
        sessions.executeOnKey("done-new", new PutRenamedSession(taken.withId("done-new"), TTL, WriteFence.NONE));
        sessions.executeOnKey(doneKey, new ForgetRenamedContent("done-new"));
        // goneKey's rename completed and forgot its content; the session under the new id has gone since.
        sessions.executeOnKey(goneKey, new TakeSession(System.currentTimeMillis(), "gone-new", WriteFence.NONE));
        sessions.executeOnKey(goneKey, new ForgetRenamedContent("gone-new"));
        sessions.executeOnKey(holdKey, new TakeSession(System.currentTimeMillis(), "hold-new", WriteFence.NONE));
        sessions.executeOnKey(readKey, new TakeSession(System.currentTimeMillis(), "read-new", WriteFence.NONE));

        assertThatThrownBy(() -> store.load(readKey)).as("while the rename may still complete, its outcome is unknown")
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("has not completed");

        assertThat(untilReadable(() -> store.load(readKey))).as("the session under the id its client keeps")
                .hasValueSatisfying(record -> assertThat(record.attributes().get("cart").bytes())
                        .containsExactly(1, 2, 3));
        assertThat(untilReadable(() -> store.loadToKeep(holdKey, "node2"))).as("also for a node keeping a copy")
                .hasValueSatisfying(record -> assertThat(record.attributes().get("cart").bytes())
                        .containsExactly(1, 2, 3));
        assertThat(sessions.get(holdKey).isHeldBy("node2")).as("held by the node that read it").isTrue();
        assertThat(store.load("read-new")).as("nothing under the id no client was given").isEmpty();

        assertThat(store.load(doneKey)).as("a completed rename is never undone").isEmpty();
        assertThat(store.load(goneKey)).as("nor one whose content is forgotten").isEmpty();
        assertThat(sessions.get(goneKey).isInvalidated()).isTrue();
        assertThat(sessions.get(doneKey).isInvalidated()).isTrue();
        assertThat(store.load("done-new")).isPresent();
    }

    /**
     * docs/FAULTS.md point 6: the second write landed on the majority side of a split, its answer was lost, the client
     * was told 503 and kept the old id, and the undo applied only on the cut-off side, until the merge.
     */
    @Test
    void aRenameWhoseSecondWriteLandedUnansweredWaitsForItsUndo() {
        String oldKey = key("unanswered", k -> true);
        String newKey = key("unanswered", k -> !k.equals(oldKey));
        renamedUnconfirmed(oldKey, newKey);

        assertThatThrownBy(() -> store.load(oldKey)).as("neither confirmed nor undone: its outcome is unknown")
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("neither confirmed nor undone");
        assertThatThrownBy(() -> store.loadToKeep(oldKey, "node2")).as("also for a node keeping a copy")
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("neither confirmed nor undone");

        assertThat(sessions.executeOnKey(oldKey, new ReviveRenamedSession(System.currentTimeMillis(), newKey, TTL)))
                .as("the undo arrives (the merge)").isEqualTo(true);
        assertThat(store.load(oldKey)).as("the session under the id its client keeps").hasValueSatisfying(
                record -> assertThat(record.attributes().get("cart").bytes()).containsExactly(1, 2, 3));
    }

    @Test
    void anUnconfirmedRenameIsTakenAsCompleteOnceItsUndoCouldNoLongerBeComing() {
        String oldKey = key("unconfirmed", k -> true);
        String newKey = key("unconfirmed", k -> !k.equals(oldKey));
        renamedUnconfirmed(oldKey, newKey);
        HazelcastSessionStore past = new HazelcastSessionStore(owner, "sessions", 10_000, STORE_TIMEOUT_MS,
                new Counters(), PauseWatch.off(), -1); // the rename is older than the bound, even in its own millisecond

        assertThat(past.load(oldKey)).as("never undo a rename that may have completed").isEmpty();
        assertThat(past.load(newKey)).isPresent();
        assertThat(sessions.get(oldKey).isInvalidated()).isTrue();
    }

    /** A session created under oldKey and moved to newKey by both writes of a rename, which then went silent. */
    private static void renamedUnconfirmed(String oldKey, String newKey) {
        create(oldKey);
        SessionRecord taken = sessions.executeOnKey(oldKey, new TakeSession(System.currentTimeMillis(), newKey,
                WriteFence.NONE));
        sessions.executeOnKey(newKey, new PutRenamedSession(taken.withId(newKey), TTL, WriteFence.NONE));
    }

    @Test
    void aRenamesSecondWriteThatArrivesAfterItsDeadlineIsDropped() {
        SessionRecord record = new SessionRecord("late-new", System.currentTimeMillis());
        assertThatThrownBy(() -> sessions.executeOnKey("late-new", new PutRenamedSession(record, TTL,
                System.currentTimeMillis() - 1))).hasMessageContaining("too late");
        assertThat(sessions.get("late-new")).isNull();
    }

    /** Reads until the store answers (a rename's outcome becomes known storeTimeoutMs plus a second after it). */
    private static Optional<SessionRecord> untilReadable(Supplier<Optional<SessionRecord>> read) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return read.get();
            } catch (StoreUnavailableException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private static void create(String key) {
        store.beginRequest();
        try {
            assertThat(store.commit(SessionDelta.creating(key, System.currentTimeMillis(), "node1")
                    .change("cart", new byte[] {1, 2, 3}, SessionDelta.ABSENT)
                    .accessedAt(System.currentTimeMillis(), TTL)).isApplied()).isTrue();
        } finally {
            store.endRequest();
        }
    }

    private static boolean ownedBy(HazelcastInstance member, String key) {
        return member.getPartitionService().getPartition(key).getOwner().localMember();
    }

    private static String key(String prefix, Predicate<String> wanted) {
        return IntStream.range(0, 10_000).mapToObj(i -> prefix + i).filter(wanted).findFirst().orElseThrow();
    }

    /** Occupies the partition thread it runs on until the test resumes it (30 s at most). */
    static final class HoldThePartitionThread implements EntryProcessor<String, SessionRecord, Object>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object process(Map.Entry<String, SessionRecord> entry) {
            HELD.countDown();
            try {
                RESUME.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public EntryProcessor<String, SessionRecord, Object> getBackupProcessor() {
            return null;
        }
    }
}
