package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who runs an expired session's destroyed events, and on which object. */
class ExpiryDeliveryTest {

    private static final String KEY = "5F2A9C";

    private final InMemorySessionStore store = new InMemorySessionStore();
    private final SessionRecord expired = new SessionRecord(KEY, 1_000);

    @ParameterizedTest(name = "copy={0}, claim already taken={1} -> expires {2}, drops the copy={3}")
    @CsvSource({
            // copy,   claimTaken, expires,  copyDropped
            "none,     false,      detached, false",
            "none,     true,       nothing,  false",
            "current,  false,      copy,     false",   // expiring the copy removes it by itself
            "current,  true,       nothing,  true",
            "stale,    false,      detached, true",    // a stale copy's values are not the store's last state
            "stale,    true,       nothing,  true",
    })
    void exactlyTheClaimingNodeExpiresAndACurrentCopyIsWhatItExpires(String copy, boolean claimTaken,
                                                                      String expires, boolean copyDropped) {
        if (claimTaken) {
            store.claimExpiry(KEY, "another node");
        }
        Node node = new Node("n1", copy);

        boolean delivered = node.delivery().deliver(expired, node);

        assertThat(delivered).isEqualTo(!claimTaken);
        assertThat(node.expired).containsExactlyElementsOf(expires.equals("nothing") ? List.of() : List.of(expires));
        assertThat(node.dropped).isEqualTo(copyDropped);
    }

    @Test
    void everyNodeHearsTheExpiryButOnlyOneDeliversIt() {
        List<Node> nodes = List.of(new Node("n1", "current"), new Node("n2", "none"), new Node("n3", "stale"));

        long deliveries = nodes.stream().filter(node -> node.delivery().deliver(expired, node)).count();

        assertThat(deliveries).isEqualTo(1);
        assertThat(nodes.stream().mapToInt(node -> node.expired.size()).sum()).isEqualTo(1);
        assertThat(nodes.get(0).counters.get(Counters.Counter.SESSIONS_EXPIRED)).isEqualTo(1);
    }

    @Test
    void aNodeThatCannotBuildTheSessionLeavesTheExpiryToAnother() {
        Node broken = new Node("n1", "none");
        broken.cannotBuild = true;
        Node healthy = new Node("n2", "none");

        assertThatThrownBy(() -> broken.delivery().deliver(expired, broken)).hasMessageContaining("class not found");
        assertThat(healthy.delivery().deliver(expired, healthy)).isTrue();
        assertThat(healthy.expired).containsExactly("detached");
    }

    /** One node's side of the expiry: its copy (none, current or stale) and what it expired or dropped. */
    private final class Node implements ExpiryDelivery.Copies<String> {
        final String name;
        final LocalCopy copy;
        final Counters counters = new Counters();
        final List<String> expired = new ArrayList<>();
        boolean dropped;
        boolean cannotBuild;

        Node(String name, String copyState) {
            this.name = name;
            this.copy = copyState.equals("none") ? null : new LocalCopy();
            if (copyState.equals("stale")) {
                copy.markStale();
            }
        }

        ExpiryDelivery delivery() {
            return new ExpiryDelivery(store, new LocalCopyPolicy(true, Concurrency.MERGE), counters, name);
        }

        @Override
        public String copyOf(String key) {
            return copy == null ? null : "copy";
        }

        @Override
        public LocalCopy state(String session) {
            return copy;
        }

        @Override
        public String detached(SessionRecord record) {
            if (cannotBuild) {
                throw new IllegalStateException("class not found");
            }
            return "detached";
        }

        @Override
        public void drop(String session) {
            dropped = true;
        }

        @Override
        public void expire(String session) {
            expired.add(session);
        }
    }
}
