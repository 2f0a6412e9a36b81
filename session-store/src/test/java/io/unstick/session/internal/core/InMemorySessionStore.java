package io.unstick.session.internal.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link SessionStore} port on a map, for unit tests: records are kept as the real {@link SessionRecord}s and
 * deltas applied with its own {@code apply}, as the entry processor does on a member.
 */
final class InMemorySessionStore implements SessionStore {

    final Map<String, SessionRecord> records = new HashMap<>();
    final Map<String, String> expiryClaims = new HashMap<>();
    int commits;
    int touches;
    RuntimeException failure;

    @Override
    public synchronized Optional<SessionRecord> load(String sessionId) {
        failIfAsked();
        SessionRecord record = records.get(sessionId);
        return Optional.ofNullable(record == null || record.isInvalidated() ? null
                : record.withId(sessionId)); // a copy, as a member sends
    }

    @Override
    public synchronized Optional<SessionRecord> loadToKeep(String sessionId, String node) {
        failIfAsked();
        SessionRecord record = records.get(sessionId);
        if (record != null && !record.isInvalidated()) {
            record.addHolder(node);
        }
        return load(sessionId);
    }

    @Override
    public synchronized CommitResult commit(SessionDelta delta) {
        failIfAsked();
        commits++;
        SessionRecord.Commit commit = SessionRecord.commit(records.get(delta.sessionId()), delta);
        if (commit.store() != null) {
            records.put(delta.sessionId(), commit.store());
        }
        return commit.result();
    }

    @Override
    public synchronized boolean touch(String sessionId, long accessedAt, long ttlMillis, String node) {
        failIfAsked();
        touches++;
        SessionRecord record = records.get(sessionId);
        if (record == null || record.isInvalidated()) {
            return false;
        }
        record.touch(accessedAt, node);
        return true;
    }

    @Override
    public synchronized void remove(String sessionId, String node) {
        SessionRecord record = records.get(sessionId);
        if (record != null) {
            record.invalidate(System.currentTimeMillis(), node);
        }
    }

    @Override
    public synchronized boolean rename(String oldId, String newId, long ttlMillis, SessionRecord.Reseal reseal) {
        SessionRecord record = records.get(oldId);
        if (record == null || record.isInvalidated()) {
            return false;
        }
        records.put(newId, record.withId(newId, reseal));
        record.invalidate(System.currentTimeMillis(), "(renamed)");
        return true;
    }

    @Override
    public Optional<SessionLock> tryLock(String sessionId, long waitMillis) {
        throw new UnsupportedOperationException("no locks in unit tests");
    }

    @Override
    public synchronized boolean claimExpiry(String sessionId, String node) {
        return expiryClaims.putIfAbsent(sessionId, node) == null;
    }

    private void failIfAsked() {
        if (failure != null) {
            throw failure;
        }
    }
}
