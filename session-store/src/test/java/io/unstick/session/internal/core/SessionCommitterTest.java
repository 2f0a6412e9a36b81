package io.unstick.session.internal.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A commit against a store: what it writes, what it records, and what it does when the store disagrees. */
class SessionCommitterTest {

    private static final String KEY = "5F2A9C";

    private final InMemorySessionStore store = new InMemorySessionStore();
    private final Counters counters = new Counters();

    /** A stored session's next request, and what the store must see: writes, refreshes, and the commit's answer. */
    private record Row(String request, Consumer<TestSession> does, int writes, int touches, boolean stillStored) {
        @Override
        public String toString() {
            return request;
        }
    }

    static List<Row> nextRequests() {
        return List.of(
                new Row("reads within the slack", s -> s.get("cart"), 0, 0, true),
                new Row("reads after the slack (the idle clock is refreshed once)", s -> {
                    s.get("cart");
                    s.accessedAt(1_000 + IdlePolicy.slackMillis(1800));
                }, 0, 1, true),
                new Row("changes the cart after the slack (the write refreshes the clock)", s -> {
                    ((Cart) s.get("cart")).add("pear");
                    s.accessedAt(1_000 + IdlePolicy.slackMillis(1800));
                }, 1, 0, true),
                new Row("was invalidated by the request itself", TestSession::invalidate, 0, 0, true));
    }

    @ParameterizedTest(name = "a request that {0}")
    @MethodSource("nextRequests")
    void aStoredSessionsNextRequestWritesOnlyWhatItMust(Row row) {
        committer().commit(created());
        int writes = store.commits;
        TestSession next = TestSession.loadedFrom(store.load(KEY).orElseThrow());

        row.does().accept(next);
        SessionCommitter.Outcome outcome = committer().commit(next);

        assertThat(store.commits - writes).as("writes").isEqualTo(row.writes());
        assertThat(store.touches).as("idle-clock refreshes").isEqualTo(row.touches());
        assertThat(outcome).isEqualTo(row.stillStored() ? SessionCommitter.Outcome.SAVED
                : SessionCommitter.Outcome.GONE);
    }

    @Test
    void aCommittedValueIsNotWrittenAgainByTheNextRequestOfTheSameCopy() {
        TestSession session = created();
        committer().commit(session);
        ((Cart) session.get("cart")).add("pear");
        committer().commit(session);
        int writes = store.commits;

        session.get("cart");
        committer().commit(session);

        assertThat(store.commits).isEqualTo(writes);
        assertThat(counters.get(Counters.Counter.COMMITTED_REQUESTS)).isEqualTo(2);
    }

    @Test
    void aSessionRemovedElsewhereDropsTheChangesAndSaysSo() {
        TestSession session = created();
        committer().commit(session);
        store.remove(KEY, "n2");
        session.set("user", "bob");

        assertThat(committer().commit(session)).isEqualTo(SessionCommitter.Outcome.GONE);
        assertThat(store.load(KEY)).isEmpty();
        assertThat(store.records.get(KEY).isInvalidated()).as("a tombstone stays").isTrue();
        assertThat(counters.get(Counters.Counter.CHANGES_DROPPED_FOR_REMOVED_SESSIONS)).isEqualTo(1);
    }

    @Test
    void aFailedWriteKeepsTheChangesForTheNextCommit() {
        TestSession session = created();
        committer().commit(session);
        session.set("user", "bob");
        store.failure = new IllegalStateException("cluster gone");

        assertThatThrownBy(() -> committer().commit(session)).hasMessage("cluster gone");
        store.failure = null;
        committer().commit(session);

        assertThat(store.records.get(KEY).attributes()).containsKey("user");
    }

    @Test
    void aWriteBasedOnAnOlderVersionIsRefusedWholeCountedAndTheNewerValueStays() {
        committer().commit(created());
        TestSession first = TestSession.loadedFrom(store.load(KEY).orElseThrow());
        TestSession second = TestSession.loadedFrom(store.load(KEY).orElseThrow());
        first.set("user", "from-first");
        second.set("user", "from-second");
        second.set("other", "untouched by first");

        assertThat(committer().commit(first)).isEqualTo(SessionCommitter.Outcome.SAVED);
        assertThat(committer().commit(second)).isEqualTo(SessionCommitter.Outcome.STALE);

        assertThat(counters.get(Counters.Counter.CONFLICTS)).isEqualTo(1);
        assertThat(counters.get(Counters.Counter.STALE_COMMITS)).isEqualTo(1);
        SessionRecord record = store.records.get(KEY);
        assertThat(TestSession.loadedFrom(record).get("user")).isEqualTo("from-first");
        assertThat(record.attributes()).as("all or nothing").doesNotContainKey("other");
    }

    @Test
    void aLateCommitOfARequestItsClientGaveUpOnCannotBringARemovedLineBack() {
        committer().commit(created()); // cart: apple
        TestSession late = TestSession.loadedFrom(store.load(KEY).orElseThrow());
        ((Cart) late.get("cart")).add("pear"); // the request that hung, its client gone
        TestSession retry = TestSession.loadedFrom(store.load(KEY).orElseThrow());
        retry.remove("cart"); // the client's next request empties the cart

        assertThat(committer().commit(retry)).isEqualTo(SessionCommitter.Outcome.SAVED);
        assertThat(committer().commit(late)).isEqualTo(SessionCommitter.Outcome.STALE);

        assertThat(store.records.get(KEY).attributes()).doesNotContainKey("cart");
    }

    @Test
    void aRequestSharingTheObjectOfARequestWhoseChangesWereDroppedWhenTheStoreFailedIsRefusedAndWritesNothing() {
        TestSession shared = created(); // cart: apple; two requests of one node share this object
        committer().commit(shared);
        ((Cart) shared.get("cart")).add("pear"); // request A adds a line
        shared.set("applied", Cart.of("key-1")); // and records its idempotency key
        store.failure = new StoreUnavailableException("owner frozen", null);
        assertThatThrownBy(() -> committer().commitOrDrop(shared)).hasMessage("owner frozen"); // A is answered 503
        store.failure = null; // the store answers again
        int writes = store.commits;

        assertThat(((Cart) shared.get("applied")).items()).as("request B, a retry of A, finds A's key")
                .containsExactly("key-1");
        assertThatThrownBy(() -> committer().commit(shared)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("may have read them");

        assertThat(store.commits).as("B wrote nothing, not even the key it read").isEqualTo(writes);
        TestSession stored = TestSession.loadedFrom(store.load(KEY).orElseThrow());
        assertThat(((Cart) stored.get("cart")).items()).containsExactly("apple");
        assertThat(stored.get("applied")).isNull();
    }

    @Test
    void aFailedRefreshOfARequestAnswered503DropsNothingSoRequestsSharingTheObjectCommitAsUsual() {
        TestSession shared = created();
        committer().commit(shared);
        shared.accessedAt(1_000 + IdlePolicy.slackMillis(1800)); // request A only reads, after the slack
        store.failure = new StoreUnavailableException("owner frozen", null);
        assertThatThrownBy(() -> committer().commitOrDrop(shared)).hasMessage("owner frozen");
        store.failure = null;

        assertThat(committer().commit(shared)).isEqualTo(SessionCommitter.Outcome.SAVED);
        assertThat(store.touches).as("request B refreshes the idle clock A could not").isEqualTo(1);
    }

    @Test
    void aRequestSharingTheObjectOfARefusedRequestIsRefusedToo() {
        committer().commit(created());
        TestSession first = TestSession.loadedFrom(store.load(KEY).orElseThrow());
        TestSession shared = TestSession.loadedFrom(store.load(KEY).orElseThrow());
        first.set("user", "from-first");
        shared.set("user", "from-shared");
        assertThat(committer().commit(first)).isEqualTo(SessionCommitter.Outcome.SAVED);
        assertThat(committer().commit(shared)).isEqualTo(SessionCommitter.Outcome.STALE);

        assertThat(shared.get("user")).as("another request on the refused object reads the refused value")
                .isEqualTo("from-shared");
        assertThat(committer().commit(shared)).as("so it is refused as well").isEqualTo(SessionCommitter.Outcome.STALE);
        assertThat(counters.get(Counters.Counter.STALE_COMMITS)).isEqualTo(2);
        assertThat(TestSession.loadedFrom(store.load(KEY).orElseThrow()).get("user")).isEqualTo("from-first");
    }

    private TestSession created() {
        TestSession session = new TestSession(KEY);
        session.set("cart", Cart.of("apple"));
        return session;
    }

    private SessionCommitter committer() {
        return new SessionCommitter(store, new EndOfRequest(TestSession.CODEC, counters, "n1", false), counters,
                "n1");
    }
}
