package io.unstick.session.internal.hazelcast;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.Hlc;
import io.unstick.session.internal.core.IdlePolicy;
import io.unstick.session.internal.core.KnownRecords;
import io.unstick.session.internal.core.KnownValues;
import io.unstick.session.internal.core.RecordChanges;
import io.unstick.session.internal.core.PauseWatch;
import io.unstick.session.internal.core.CommitResult;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.SessionStore;
import io.unstick.session.internal.core.StoreEvents;
import io.unstick.session.internal.core.StoreUnavailableException;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link SessionStore} on a Hazelcast IMap: one entry per session, written by entry processors on the owning
 * member. A second small map records which node delivers each expiry, so destroyed events fire once.
 *
 * <p>Every call a request makes has a deadline, {@code storeTimeoutMs}: a member that stalls, a cut network or a
 * minority side (split-brain protection) turns into a {@link StoreUnavailableException} at once or when the deadline
 * passes, never into a request that waits on Hazelcast's own timeouts. A write that reaches its owner after the
 * deadline is dropped there ({@link WriteFence}); one applied in time whose backup did not acknowledge it in time has
 * an unknown outcome, which the request's 503 says (a rename is undone instead, {@link #rename}), and this node reads
 * that session again only once the write is known to be replicated ({@link UnconfirmedWrites}).
 */
public final class HazelcastSessionStore implements SessionStore, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HazelcastSessionStore.class.getName());
    private static final long EXPIRY_CLAIM_HOURS = 1;
    /** How long the undo of a failed rename is waited for (at most storeTimeoutMs). */
    private static final long REPAIR_WAIT_MILLIS = 500;
    /**
     * How long after its take a rename may still complete, beyond storeTimeoutMs: its second write's fence lies
     * within storeTimeoutMs of the take, on clocks that differ by less than this.
     */
    private static final long RENAME_SETTLE_MILLIS = 1_000;
    /**
     * How long a rename whose second write landed, but which was neither confirmed nor undone, keeps its old id
     * answering 503 rather than "no session": its undo may be on the other side of a split, and the merge brings it
     * (max-no-heartbeat 5 s, merge runs every 10 s, after a partition such as the lab's 30 s one).
     */
    private static final long UNCONFIRMED_RENAME_MILLIS = 60_000;

    private final IMap<String, SessionRecord> sessions;
    private final KeyCalls calls;
    private final IMap<String, String> expiryClaims;
    private final Counters metrics;
    private final long lockLeaseMillis;
    private final long timeoutMillis;
    private final long unconfirmedRenameMillis;
    /** Store time a request's calls on this thread have used so far (nanoseconds); absent outside requests. */
    private final ThreadLocal<long[]> requestSpent = new ThreadLocal<>();
    private final List<UUID> listenerIds = new ArrayList<>();
    private final PauseWatch pause;
    /** What this node last read or wrote of each recent session: a versioned read sends it. */
    private final KnownRecords known = new KnownRecords(KnownRecords.DEFAULT_SESSIONS);
    /** Sessions this node wrote with an unknown outcome: read again only once that write is known replicated. */
    private final UnconfirmedWrites unconfirmed = new UnconfirmedWrites();

    public HazelcastSessionStore(HazelcastInstance hazelcast, String mapName, long lockLeaseMillis,
                                 long timeoutMillis, Counters metrics) {
        this(hazelcast, mapName, lockLeaseMillis, timeoutMillis, metrics, PauseWatch.off());
    }

    /** @param pause closes the store to this node's requests for a while after the JVM stood still */
    public HazelcastSessionStore(HazelcastInstance hazelcast, String mapName, long lockLeaseMillis,
                                 long timeoutMillis, Counters metrics, PauseWatch pause) {
        this(hazelcast, mapName, lockLeaseMillis, timeoutMillis, metrics, pause, UNCONFIRMED_RENAME_MILLIS);
    }

    /** @param unconfirmedRenameMillis see {@link #UNCONFIRMED_RENAME_MILLIS}; shorter in tests */
    HazelcastSessionStore(HazelcastInstance hazelcast, String mapName, long lockLeaseMillis, long timeoutMillis,
                          Counters metrics, PauseWatch pause, long unconfirmedRenameMillis) {
        this.unconfirmedRenameMillis = unconfirmedRenameMillis;
        this.pause = pause;
        this.sessions = hazelcast.getMap(mapName);
        this.calls = new KeyCalls(sessions);
        this.expiryClaims = hazelcast.getMap(expiryClaimsMapName(mapName));
        this.lockLeaseMillis = lockLeaseMillis;
        this.timeoutMillis = timeoutMillis;
        this.metrics = metrics;
    }

    /** How this store sends its calls; the readiness probe sends its read the same way. */
    KeyCalls calls() {
        return calls;
    }

    @Override
    public void beginRequest() {
        requestSpent.set(new long[1]);
    }

    @Override
    public void endRequest() {
        requestSpent.remove();
    }

    /**
     * Waits for a store call at most {@code storeTimeoutMs}; within a request, at most what its earlier calls left
     * of it.
     *
     * @throws StoreUnavailableException when the deadline passed or the store refused or failed the call; the message
     *                                   says which, for a one-line log
     */
    private <T> T await(StoreCall<T> call, String what, String key) {
        return await(call, what, key, timeoutMillis, requestSpent.get());
    }

    /**
     * Refuses a request's store call while this node is closed after a standstill ({@link PauseWatch}), before anything
     * is sent.
     */
    private void refuseAfterStandstill(String what, String key) {
        String why = pause.refusal();
        if (why != null) {
            metrics.storeRefusal();
            throw new StoreUnavailableException("The session store refused to " + what + " session " + key + ": "
                    + why, null);
        }
    }

    /** The {@link WriteFence} of a write made now: the request's deadline, as the owner's clock will see it. */
    private long fence() {
        long[] spent = requestSpent.get();
        long spentMillis = spent == null ? 0 : TimeUnit.NANOSECONDS.toMillis(spent[0]);
        return WriteFence.forDeadlineIn(Math.max(0, timeoutMillis - spentMillis));
    }

    /**
     * @param waitMillis how long the call may take: storeTimeoutMs, or less for a call that repairs what a failed
     *                   call left behind
     * @param spent      the request's store time so far, or null for a repair (the request has used its deadline)
     */
    private <T> T await(StoreCall<T> call, String what, String key, long waitMillis, long[] spent) {
        long budget = TimeUnit.MILLISECONDS.toNanos(waitMillis) - (spent == null ? 0 : spent[0]);
        long start = System.nanoTime();
        try {
            return call.await(Math.max(0, budget));
        } catch (TimeoutException e) {
            if (spent != null) {
                metrics.storeTimeout(); // a repair's wait is not another timeout of the request: its line says it
            }
            String within = waitMillis == timeoutMillis ? "storeTimeoutMs=" + timeoutMillis : waitMillis + " ms";
            String together = spent != null && spent[0] > 0 ? " (for this request's calls together)" : "";
            throw new StoreUnavailableException("The session store did not answer within " + within + together
                    + " (" + what + " session " + key + ")", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (WriteFence.TooLateException.isCause(cause)) {
                metrics.storeTimeout();
                throw new StoreUnavailableException("The session store did not answer within storeTimeoutMs="
                        + timeoutMillis + " (" + what + " session " + key + "): the write reached its owner after"
                        + " the deadline and was dropped", cause);
            }
            if (cause instanceof com.hazelcast.splitbrainprotection.SplitBrainProtectionException) {
                metrics.storeRefusal();
                throw new StoreUnavailableException("The session store refused to " + what + " session " + key
                        + ": this node's member is in a minority (split-brain protection)", cause);
            }
            throw new StoreUnavailableException("The session store failed to " + what + " session " + key + ": "
                    + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting for the session store to " + what
                    + " session " + key, e);
        } finally {
            if (spent != null) {
                spent[0] += System.nanoTime() - start;
            }
        }
    }

    /** Name of the map that records which node delivered each expiry. */
    public static String expiryClaimsMapName(String mapName) {
        return mapName + ".expiry-claims";
    }

    /**
     * Starts listening: every node hears expiries (and races to claim them); a node with local copies also hears
     * removals, and content changes other nodes make to the sessions it holds.
     */
    public void listen(StoreEvents events, String node, boolean localCopies) {
        listenerIds.add(sessions.addEntryListener(
                (EntryExpiredListener<String, SessionRecord>) event -> {
                    SessionRecord last = lastState(event);
                    if (last != null && !last.isInvalidated()) { // a tombstone's end is no session's end
                        events.expired(last);
                    }
                }, true));
        if (localCopies) {
            listenerIds.add(sessions.addEntryListener(
                    (EntryUpdatedListener<String, SessionRecord>) event -> {
                        metrics.changeHeard();
                        events.changedElsewhere(event.getKey());
                    },
                    new ContentChangedByOtherNode(node), false));
            listenerIds.add(sessions.addEntryListener(
                    (EntryRemovedListener<String, SessionRecord>) event -> events.changedElsewhere(event.getKey()),
                    false));
            // A merge after a split may change a session under a copy this node keeps.
            listenerIds.add(sessions.addEntryListener(
                    (EntryMergedListener<String, SessionRecord>) event -> events.changedElsewhere(event.getKey()),
                    false));
        }
    }

    private static SessionRecord lastState(EntryEvent<String, SessionRecord> event) {
        return event.getOldValue() != null ? event.getOldValue() : event.getValue();
    }

    /**
     * The entries the session map holds, cluster-wide: live sessions and tombstones (a call to every member, bounded
     * by Hazelcast's operation timeout). For {@code maxActiveSessions}, which asks at most once a second.
     *
     * @throws StoreUnavailableException when the members do not answer
     */
    public long count() {
        try {
            return sessions.size();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("The session store could not count its sessions for"
                    + " maxActiveSessions: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SessionRecord> load(String sessionId) {
        refuseAfterStandstill("read", sessionId);
        confirmUnknownWrite(sessionId);
        long start = System.nanoTime();
        SessionRecord record = readChanges(sessionId);
        if (record != null && record.isInvalidated() && undoUnfinishedRename(sessionId, record)) {
            record = readChanges(sessionId);
        }
        if (record != null && record.isInvalidated()) {
            record = null; // a tombstone: the session ended
        }
        if (record == null) {
            known.forget(sessionId);
        } else {
            known.remember(record);
        }
        metrics.storeRead(System.nanoTime() - start, record != null);
        return Optional.ofNullable(record);
    }

    /**
     * A versioned read: sends what this node remembers of the session and gets the rest; the owner decides what is
     * unchanged ({@link RecordChanges}). What was remembered of an older session under the same key is forgotten
     * and the session read whole.
     */
    private SessionRecord readChanges(String sessionId) {
        KnownValues remembered = known.get(sessionId);
        RecordChanges answer = await(calls.submit(sessionId, new ReadChanges(remembered)), "read", sessionId);
        if (answer == null) {
            return null;
        }
        SessionRecord record = answer.complete(sessionId, remembered);
        if (record == null) {
            known.forget(sessionId);
            answer = await(calls.submit(sessionId, new ReadChanges(null)), "read", sessionId);
            record = answer == null ? null : answer.complete(sessionId, null);
        }
        if (answer != null) {
            metrics.valuesNotResent(answer.unchangedCount());
        }
        return record;
    }

    @Override
    public Optional<SessionRecord> loadToKeep(String sessionId, String node) {
        refuseAfterStandstill("read", sessionId);
        confirmUnknownWrite(sessionId);
        long start = System.nanoTime();
        SessionRecord record = await(calls.submit(sessionId, new HoldSession(node)), "read", sessionId);
        if (record != null && record.isInvalidated() && undoUnfinishedRename(sessionId, record)) {
            record = await(calls.submit(sessionId, new HoldSession(node)), "read", sessionId);
        }
        if (record != null && record.isInvalidated()) {
            record = null;
        }
        metrics.storeRead(System.nanoTime() - start, record != null);
        return Optional.ofNullable(record);
    }

    /**
     * Finishes, from a reader's side, a rename that was cut off after its take: the node that made it lost the store
     * (a split, a stalled member) and its own undo may never arrive, so the old id holds the rename's tombstone and
     * the new id nothing, while the client, told 503, keeps the old id. Once the rename's second write can no longer
     * land ({@link PutRenamedSession} is fenced), the session is put back under its old id; until then the outcome
     * is unknown, and the reader says so with a 503 rather than "no such session". A completed rename's tombstone,
     * or any other, is left alone.
     * <p>
     * A tombstone that still keeps its content beside a record under the new id is a rename whose second write
     * landed but which was neither confirmed ({@link ForgetRenamedContent}, sent before the client learns the new
     * id) nor undone: the second write's answer may have been lost, its client told 503 and its undo held on the
     * other side of a split until the merge. For {@link #UNCONFIRMED_RENAME_MILLIS} the reader answers 503; after
     * that it takes the rename as complete, since undoing one that completed would leave the session under two ids.
     *
     * @return true when the session may be live under {@code sessionId} again: read it once more
     * @throws StoreUnavailableException while the rename may still complete, or be undone
     */
    private boolean undoUnfinishedRename(String sessionId, SessionRecord tombstone) {
        String newId = tombstone.renamedTo();
        if (newId == null || keptNothing(tombstone)) {
            return false;
        }
        long age = System.currentTimeMillis() - Hlc.millis(tombstone.version());
        if (await(StoreCall.of(sessions.getAsync(newId)), "read", newId) != null) {
            if (age <= unconfirmedRenameMillis) {
                throw renameUndecided(sessionId, newId, age, "is neither confirmed nor undone");
            }
            return false;
        }
        if (age <= timeoutMillis + RENAME_SETTLE_MILLIS) {
            throw renameUndecided(sessionId, newId, age, "has not completed");
        }
        boolean revived = await(calls.submit(sessionId, new ReviveRenamedSession(System.currentTimeMillis(),
                newId, IdlePolicy.ttlMillis(tombstone.maxInactiveSeconds()))), "restore", sessionId);
        if (revived) {
            LOG.log(Level.WARNING, "Session " + sessionId + " was taken for a rename to " + newId + " " + age
                    + " ms ago, which never completed; it is back under its old id");
        }
        return true;
    }

    /** The 503 of a read whose session's rename has no known outcome yet, counted as a refusal. */
    private StoreUnavailableException renameUndecided(String sessionId, String newId, long age, String state) {
        metrics.storeRefusal();
        return new StoreUnavailableException("The session store cannot read session " + sessionId + " yet: its"
                + " rename to " + newId + " began " + age + " ms ago and " + state, null);
    }

    /** A completed rename's tombstone, once its content is forgotten: there is nothing left to put back. */
    private static boolean keptNothing(SessionRecord tombstone) {
        return tombstone.attributes().isEmpty() && tombstone.principal() == null;
    }

    @Override
    public CommitResult commit(SessionDelta delta) {
        refuseAfterStandstill("write", delta.sessionId());
        long start = System.nanoTime();
        CommitResult result = write(calls.submit(delta.sessionId(), new ApplyDelta(delta, fence())), "write",
                delta.sessionId());
        if (result.isApplied()) {
            known.rememberWrite(delta, result.version());
            metrics.storeWrite(System.nanoTime() - start, delta.attributeBytes(), delta.create());
        }
        return result;
    }

    /**
     * {@link #await} for a write: one that failed in a way that may have left it applied is confirmed before this
     * node reads the session again ({@link #confirmUnknownWrite}); one answered is replicated, with whatever the owner
     * held of the session before it.
     */
    private <T> T write(StoreCall<T> call, String what, String sessionId) {
        T answer;
        try {
            answer = await(call, what, sessionId);
        } catch (StoreUnavailableException e) {
            if (mayHaveLanded(e)) {
                unconfirmed.unknownOutcome(sessionId);
            }
            throw e;
        }
        unconfirmed.confirmed(sessionId);
        return answer;
    }

    /**
     * Whether a failed write may still have been applied: not when it was refused before it was sent, by the
     * split-brain protection, or by its fence.
     */
    private static boolean mayHaveLanded(StoreUnavailableException e) {
        Throwable cause = e.getCause();
        return cause != null && !WriteFence.TooLateException.isCause(cause)
                && !(cause instanceof com.hazelcast.splitbrainprotection.SplitBrainProtectionException);
    }

    /**
     * Before this node reads a session whose last write from here has an unknown outcome ({@link UnconfirmedWrites}):
     * a call that is answered only once the owner's backups acknowledge it. Answered, the session's stored state is
     * replicated and may be read; otherwise the read fails as the write did, with a 503, rather than show a write the
     * cluster may lose.
     */
    private void confirmUnknownWrite(String sessionId) {
        if (unconfirmed.inDoubt(sessionId)) {
            await(calls.submit(sessionId, new ConfirmReplicated()), "confirm the last write to", sessionId);
            unconfirmed.confirmed(sessionId);
            metrics.writeConfirmed();
        }
    }

    @Override
    public boolean touch(String sessionId, long accessedAt, long ttlMillis, String node) {
        refuseAfterStandstill("refresh", sessionId);
        long start = System.nanoTime();
        Boolean found = await(calls.submit(sessionId, new TouchSession(accessedAt, ttlMillis, node)),
                "refresh", sessionId);
        metrics.touch(System.nanoTime() - start);
        return Boolean.TRUE.equals(found);
    }

    @Override
    public void remove(String sessionId, String node) {
        refuseAfterStandstill("remove", sessionId);
        known.forget(sessionId);
        write(calls.submit(sessionId, new InvalidateSession(System.currentTimeMillis(), node, fence())),
                "remove", sessionId);
    }

    /**
     * Moves the session in two writes on two keys: take it from the old key (leaving a tombstone that keeps the
     * content), then store it under the new one, and confirm it (the tombstone drops the content). If either write
     * fails, the session is put back under the old id, which the client keeps when it is told 503: the take may have
     * been applied although its answer came too late (a stalled backup delays the answer, not the write).
     */
    @Override
    public boolean rename(String oldId, String newId, long ttlMillis, SessionRecord.Reseal reseal) {
        refuseAfterStandstill("rename", oldId);
        known.forget(oldId);
        try {
            SessionRecord record = await(calls.submit(oldId,
                    new TakeSession(System.currentTimeMillis(), newId, fence())), "rename", oldId);
            if (record == null) {
                return false;
            }
            await(calls.submit(newId, new PutRenamedSession(record.withId(newId, reseal), ttlMillis, fence())),
                    "rename", newId);
        } catch (RuntimeException e) {
            reviveAfterFailedRename(oldId, newId, ttlMillis, e);
            throw e;
        }
        confirmRename(oldId, newId);
        return true;
    }

    /**
     * Drops the content the old id's tombstone kept for an undo, before the client learns the new id, so that a
     * reader of the old id then meets a finished rename ("no session"), not one whose outcome is unknown (503).
     * The rename has completed either way: a confirmation that fails is logged, not the request's failure.
     */
    private void confirmRename(String oldId, String newId) {
        try {
            await(calls.submit(oldId, new ForgetRenamedContent(newId)), "rename", oldId,
                    Math.min(timeoutMillis, REPAIR_WAIT_MILLIS), null);
        } catch (RuntimeException notConfirmed) {
            LOG.log(Level.WARNING, "Session " + oldId + " was renamed to " + newId + ", but its old id could not be"
                    + " told so (" + notConfirmed.getMessage() + "): it answers 503 for "
                    + unconfirmedRenameMillis / 1000 + " s, then \"no session\"");
        }
    }

    /**
     * Sends the undo of a failed rename and waits for it briefly only (the request has used its deadline): the undo
     * has no fence and applies whenever the store answers; it revives only this rename's tombstone.
     */
    private void reviveAfterFailedRename(String oldId, String newId, long ttlMillis, RuntimeException failure) {
        try {
            boolean revived = await(calls.submit(oldId, new ReviveRenamedSession(System.currentTimeMillis(),
                    newId, ttlMillis)), "restore", oldId, Math.min(timeoutMillis, REPAIR_WAIT_MILLIS), null);
            LOG.log(Level.DEBUG, () -> "Session " + oldId + " could not be renamed to " + newId + "; " + (revived
                    ? "it is back under its old id" : "it had not been taken, so it stays under its old id"));
        } catch (RuntimeException notConfirmed) {
            failure.addSuppressed(notConfirmed);
            LOG.log(Level.WARNING, "Session " + oldId + " could not be renamed to " + newId + "; putting it back under"
                    + " its old id is sent but not confirmed yet (" + notConfirmed.getMessage() + "): it applies"
                    + " when the store answers");
        }
    }

    @Override
    public Optional<SessionLock> tryLock(String sessionId, long waitMillis) throws InterruptedException {
        refuseAfterStandstill("lock", sessionId);
        long start = System.nanoTime();
        boolean locked = sessions.tryLock(sessionId, waitMillis, TimeUnit.MILLISECONDS,
                lockLeaseMillis, TimeUnit.MILLISECONDS);
        long waited = System.nanoTime() - start;
        if (!locked) {
            metrics.lockTimedOut(waited);
            return Optional.empty();
        }
        metrics.lockAcquired(waited);
        return Optional.of(() -> unlock(sessionId));
    }

    private void unlock(String sessionId) {
        try {
            sessions.unlock(sessionId);
        } catch (IllegalMonitorStateException e) {
            // The lease ran out while the request was still running: someone else may have entered meanwhile.
            metrics.lockLeaseLost();
            LOG.log(Level.WARNING, "Lock of session " + sessionId + " expired after " + lockLeaseMillis
                    + " ms while its request was still running; the request outlived lockLeaseMs", e);
        }
    }

    @Override
    public boolean claimExpiry(String sessionId, String node) {
        return expiryClaims.putIfAbsent(sessionId, node, EXPIRY_CLAIM_HOURS, TimeUnit.HOURS) == null;
    }

    /** Stops listening; the Hazelcast instance belongs to whoever created it. */
    @Override
    public void close() {
        for (UUID id : listenerIds) {
            try {
                sessions.removeEntryListener(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove session store listener " + id + " (cluster gone?)", e);
            }
        }
        listenerIds.clear();
    }
}
