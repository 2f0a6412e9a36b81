package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** What a commit takes over after a request's calls: one row per sequence of calls. */
class RequestChangesTest {

    private static final byte[] BYTES = {1, 2, 3};

    /** What the taken changes must hold: candidate names, those with kept bytes, removals, metadata. */
    private record Expected(Set<String> candidates, Set<String> withKeptBytes, Set<String> removed, boolean metadata) {
    }

    private record Row(String calls, Consumer<RequestChanges> does, Expected expected) {
        @Override
        public String toString() {
            return calls;
        }
    }

    private static Row row(String calls, Consumer<RequestChanges> does, Set<String> candidates,
                           Set<String> withKeptBytes, Set<String> removed, boolean metadata) {
        return new Row(calls, does, new Expected(candidates, withKeptBytes, removed, metadata));
    }

    static List<Row> calls() {
        return List.of(
                row("read a string", c -> c.read("a", "text"), Set.of(), Set.of(), Set.of(), false),
                row("read a boxed number", c -> c.read("a", 42), Set.of(), Set.of(), Set.of(), false),
                row("read a big integer", c -> c.read("a", BigInteger.TEN), Set.of(), Set.of(), Set.of(), false),
                row("read a list (may be mutated in place)", c -> c.read("a", new ArrayList<>()), Set.of("a"),
                        Set.of(), Set.of(), false),
                row("set a string", c -> c.set("a", "text", BYTES), Set.of("a"), Set.of("a"), Set.of(), false),
                row("set a list", c -> c.set("a", new ArrayList<>(), BYTES), Set.of("a"), Set.of(), Set.of(), false),
                row("set a stored note (no bytes yet)", c -> c.set("note", "x", null), Set.of("note"), Set.of(),
                        Set.of(), false),
                row("removed", c -> c.removed("a"), Set.of(), Set.of(), Set.of("a"), false),
                row("set, then removed", c -> {
                    c.set("a", "text", BYTES);
                    c.removed("a");
                }, Set.of(), Set.of(), Set.of("a"), false),
                row("read, then removed", c -> {
                    c.read("a", new ArrayList<>());
                    c.removed("a");
                }, Set.of(), Set.of(), Set.of("a"), false),
                row("removed, then set", c -> {
                    c.removed("a");
                    c.set("a", "text", BYTES);
                }, Set.of("a"), Set.of("a"), Set.of(), false),
                row("set to a value kept in memory only", c -> c.setLocalOnly("a"), Set.of(), Set.of(), Set.of(),
                        false),
                row("set, then set to a value kept in memory only", c -> {
                    c.set("a", "text", BYTES);
                    c.setLocalOnly("a");
                }, Set.of(), Set.of(), Set.of(), false),
                row("set in memory only, then read", c -> {
                    c.setLocalOnly("a");
                    c.read("a", new Object());
                }, Set.of(), Set.of(), Set.of(), false),
                row("set in memory only, then removed (the store never had it)", c -> {
                    c.setLocalOnly("a");
                    c.removed("a");
                }, Set.of(), Set.of(), Set.of(), false),
                row("metadata changed", RequestChanges::metadataChanged, Set.of(), Set.of(), Set.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aCommitTakesWhatTheCallsChanged(Row row) {
        RequestChanges changes = new RequestChanges();

        row.does().accept(changes);
        RequestChanges.Taken taken = changes.take();

        assertThat(taken.candidates().keySet()).as("candidates").isEqualTo(row.expected().candidates());
        assertThat(withKeptBytes(taken)).as("sent with setAttribute's bytes").isEqualTo(row.expected().withKeptBytes());
        assertThat(taken.removed()).as("removed").isEqualTo(row.expected().removed());
        assertThat(taken.metadata()).as("metadata").isEqualTo(row.expected().metadata());
    }

    @Test
    void whatOneCommitTookIsGoneAndLaterChangesWaitForTheNext() {
        RequestChanges changes = new RequestChanges();
        changes.set("a", "1", BYTES);

        assertThat(changes.take().candidates()).containsOnlyKeys("a");
        assertThat(changes.take()).isSameAs(RequestChanges.Taken.NOTHING);
        changes.removed("b");
        assertThat(changes.take().removed()).containsExactly("b");
    }

    @Test
    void aFailedCommitPutsItsChangesBackUnlessALaterChangeSupersededThem() {
        RequestChanges changes = new RequestChanges();
        changes.set("kept", "1", BYTES);
        changes.set("overwritten", "1", BYTES);
        changes.removed("gone");
        changes.removed("reset");
        changes.metadataChanged();
        RequestChanges.Taken failed = changes.take();
        changes.removed("overwritten"); // meanwhile, another request of this node
        changes.set("reset", "2", BYTES);

        changes.restore(failed);
        RequestChanges.Taken retried = changes.take();

        assertThat(retried.candidates()).containsOnlyKeys("kept", "reset");
        assertThat(retried.candidates().get("reset").value()).isEqualTo("2");
        assertThat(retried.removed()).containsExactlyInAnyOrder("gone", "overwritten");
        assertThat(retried.metadata()).isTrue();
    }

    private static Set<String> withKeptBytes(RequestChanges.Taken taken) {
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, RequestChanges.Encoded> e : taken.candidates().entrySet()) {
            if (e.getValue().bytes() != null) {
                names.add(e.getKey());
            }
        }
        return names;
    }
}
