package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a commit writes after a request, against a stored session holding a cart (mutable), a user name (a
 * string) and a theme (an enum): one row per kind of request.
 */
class EndOfRequestTest {

    private enum Theme { DARK }

    private static final String KEY = "5F2A9C";

    /** What the delta must carry; {@link #NOTHING}: no delta at all. */
    private record Expected(Set<String> changed, Set<String> removed, boolean metadata) {
        static final Expected NOTHING = null;

        static Expected writes(String... names) {
            return new Expected(Set.of(names), Set.of(), false);
        }

        static Expected removes(String... names) {
            return new Expected(Set.of(), Set.of(names), false);
        }

        static Expected metadataOnly() {
            return new Expected(Set.of(), Set.of(), true);
        }
    }

    private record Row(String request, Consumer<TestSession> does, Expected expected) {
        @Override
        public String toString() {
            return request;
        }
    }

    static List<Row> requests() {
        return List.of(
                new Row("touches nothing", s -> { }, Expected.NOTHING),
                new Row("reads the cart and leaves it as it was", s -> s.get("cart"), Expected.NOTHING),
                new Row("reads the cart and adds to it in place", s -> cart(s).add("pear"), Expected.writes("cart")),
                new Row("reads the user name (a string)", s -> s.get("user"), Expected.NOTHING),
                new Row("reads the theme (an enum)", s -> s.get("theme"), Expected.NOTHING),
                new Row("sets the user name to the stored value", s -> s.set("user", "alice"), Expected.NOTHING),
                new Row("sets the user name to a new value", s -> s.set("user", "bob"), Expected.writes("user")),
                new Row("sets the cart again, unchanged", s -> s.set("cart", cart(s)), Expected.NOTHING),
                new Row("sets a new cart, then adds to it", s -> {
                    Cart cart = Cart.of();
                    s.set("cart", cart);
                    cart.add("fig");
                }, Expected.writes("cart")),
                new Row("removes the user name", s -> s.remove("user"), Expected.removes("user")),
                new Row("sets an attribute, then removes it", s -> {
                    s.set("coupon", "SPRING");
                    s.remove("coupon");
                }, Expected.removes("coupon")),
                new Row("removes the user name, then sets it again", s -> {
                    s.remove("user");
                    s.set("user", "carol");
                }, Expected.writes("user")),
                new Row("sets a value kept in this node's memory only", s -> s.setLocalOnly("socket", new Object()),
                        Expected.NOTHING),
                new Row("reads, then replaces with a local-only value", s -> {
                    cart(s).add("lost");
                    s.setLocalOnly("cart", new Object());
                }, Expected.NOTHING),
                new Row("changes the idle limit", s -> s.maxInactive(60), Expected.metadataOnly()));
    }

    @ParameterizedTest(name = "a request that {0}")
    @MethodSource("requests")
    void writesExactlyWhatTheRequestChanged(Row row) {
        TestSession session = stored();

        row.does().accept(session);
        SessionDelta delta = plan(session).delta();

        if (row.expected() == Expected.NOTHING) {
            assertThat(delta).as("no write").isNull();
            return;
        }
        assertThat(delta).isNotNull();
        assertThat(delta.create()).isFalse();
        assertThat(delta.changed().keySet()).as("written").isEqualTo(row.expected().changed());
        assertThat(delta.removed()).as("removed").isEqualTo(row.expected().removed());
        assertThat(delta.metadata() != null).as("metadata").isEqualTo(row.expected().metadata());
    }

    @Test
    void aChangeOrRemovalNamesTheStoredVersionItStartedFrom() {
        TestSession session = stored();
        long stored = session.stored().version("cart");
        cart(session).add("pear");
        session.remove("user");

        SessionDelta delta = plan(session).delta();

        assertThat(stored).isPositive();
        assertThat(delta.baseVersion("cart")).isEqualTo(stored);
        assertThat(delta.baseVersion("user")).isEqualTo(stored);
        assertThat(delta.baseVersion("never-stored")).isEqualTo(SessionDelta.ABSENT);
    }

    @Test
    void aNewSessionIsCreatedWithItsMetadataAndItsSealedIdEvenWithoutAttributes() {
        TestSession fresh = new TestSession(KEY);

        SessionDelta delta = plan(fresh).delta();

        assertThat(delta.create()).isTrue();
        assertThat(delta.changed()).containsOnlyKeys(StoredNames.SESSION_ID);
        assertThat(new String(fresh.open(StoredNames.SESSION_ID, delta.changed().get(StoredNames.SESSION_ID)),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(KEY);
        assertThat(delta.metadata().maxInactiveSeconds()).isEqualTo(1800);
    }

    @Test
    void aSetValueThatCannotChangeIsSentWithTheBytesSetAttributeMade() {
        TestSession session = stored();
        session.set("user", "bob");
        // Bytes that setAttribute "made" for this very value, recognisably not what serializing it again gives:
        // the commit must send them, not serialize again.
        session.changes().set("user", session.get("user"), TestSession.CODEC.serialize("user", "made once"));

        Object sent = deserialize(session.open("user", plan(session).delta().changed().get("user")));

        assertThat(sent).isEqualTo("made once");
    }

    @Test
    void keptBytesServeOnlyTheValueTheyWereMadeFrom() {
        TestSession session = stored();
        RequestChanges changes = session.changes();
        changes.set("user", "bob", TestSession.CODEC.serialize("user", "bob"));
        session.set("user", "dave"); // a later set on this node wins; its bytes, not the first's, are sent

        Object sent = deserialize(session.open("user", plan(session).delta().changed().get("user")));

        assertThat(sent).isEqualTo("dave");
    }

    @Test
    void whatLeavesTheNodeIsSealedAndBoundToTheSessionAndTheName() {
        TestSession session = stored();
        session.set("user", "bob");
        byte[] plain = TestSession.CODEC.serialize("user", "bob");

        byte[] sent = plan(session).delta().changed().get("user");

        assertThat(indexOf(sent, "bob".getBytes(java.nio.charset.StandardCharsets.UTF_8))).as("plaintext").isEqualTo(-1);
        assertThat(session.open("user", sent)).isEqualTo(plain);
        assertThat(new StoredValues(new Counters()).open(recordWith("user", sent, "another-key"),
                TestSession.CIPHERS.forSession("another-key")).attributes()).as("under another key").isEmpty();
        assertThat(new StoredValues(new Counters()).open(recordWith("other", sent, KEY),
                TestSession.CIPHERS.forSession(KEY)).attributes()).as("under another name").isEmpty();
    }

    private static SessionRecord recordWith(String name, byte[] sealed, String key) {
        SessionRecord record = new SessionRecord(key, 500);
        record.apply(SessionDelta.creating(key, 500, "n1").change(name, sealed, SessionDelta.ABSENT));
        return record;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aMutableValueIsSerializedOnceWhenReadAndTwiceWhenSetSinceItMayChangeAfterSetAttribute() throws Exception {
        TestSession read = stored();
        Cart readCart = cart(read).add("pear");
        plan(read);
        assertThat(readCart.serializations()).as("read and mutated").isEqualTo(1);

        TestSession set = stored();
        Cart newCart = Cart.of("fig");
        set.set("cart", newCart);
        newCart.add("kiwi"); // after setAttribute, through the application's own reference
        byte[] sent = set.open("cart", plan(set).delta().changed().get("cart"));
        assertThat(newCart.serializations()).as("set, then committed").isEqualTo(2);
        assertThat(((Cart) deserialize(sent)).items()).containsExactly("fig", "kiwi");
    }

    private static TestSession stored() {
        SessionRecord record = new SessionRecord(KEY, 500);
        record.apply(SessionDelta.creating(KEY, 500, "n1")
                .change("cart", TestSession.sealed(KEY, "cart", Cart.of("apple")), SessionDelta.ABSENT)
                .change("user", TestSession.sealed(KEY, "user", "alice"), SessionDelta.ABSENT)
                .change("theme", TestSession.sealed(KEY, "theme", Theme.DARK), SessionDelta.ABSENT)
                .metadata(new SessionMetadata(1800, null, null)));
        return TestSession.loadedFrom(record);
    }

    private static Cart cart(TestSession session) {
        return (Cart) session.get("cart");
    }

    private static EndOfRequest.Plan plan(TestSession session) {
        EndOfRequest endOfRequest = new EndOfRequest(TestSession.CODEC, new Counters(), "n2", false);
        return endOfRequest.plan(session, session.changes().take(), session.accessedAt(),
                session.maxInactiveSeconds());
    }

    private static Object deserialize(byte[] bytes) {
        try {
            return TestSession.CODEC.deserialize(bytes, EndOfRequestTest.class.getClassLoader());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
