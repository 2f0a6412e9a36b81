package io.unstick.balancer.routing;

import io.unstick.balancer.config.BackendSpec;
import io.unstick.balancer.config.HealthSettings;
import io.unstick.balancer.node.BoundClients;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeHealth;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RendezvousTest {

    private static Node node(String name) {
        return new Node(new BackendSpec(name, URI.create("http://127.0.0.1:1")), name,
                new NodeHealth(HealthSettings.defaults()), new BoundClients(60_000));
    }

    private static final Node A = node("node1");
    private static final Node B = node("node2");
    private static final Node C = node("node3");
    private static final Node D = node("node4");

    @Test
    void aFourthNodeTakesAboutAQuarterOfTheKeysAndMovesNoOthers() {
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            String key = "10.0." + (i / 256) + "." + (i % 256);
            Node before = Rendezvous.owner(key, new Node[]{A, B, C});
            Node after = Rendezvous.owner(key, new Node[]{A, B, C, D});
            if (before != after) {
                moved++;
                assertThat(after).as("a moved key goes to the new node").isSameAs(D);
            }
        }
        assertThat(moved).as("keys moved of 1000").isBetween(150, 350);
    }

    @Test
    void removingANodeMovesOnlyItsKeys() {
        for (int i = 0; i < 1000; i++) {
            String key = "user-" + i;
            Node before = Rendezvous.owner(key, new Node[]{A, B, C});
            Node after = Rendezvous.owner(key, new Node[]{A, C});
            if (before != B) {
                assertThat(after).isSameAs(before);
            }
        }
    }

    @Test
    void spreadsKeysEvenlyAndIgnoresOrder() {
        Map<Node, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            String key = "key-" + i;
            Node owner = Rendezvous.owner(key, new Node[]{A, B, C});
            assertThat(Rendezvous.owner(key, new Node[]{C, A, B})).isSameAs(owner);
            counts.merge(owner, 1, Integer::sum);
        }
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
    }

    @Test
    void noNodesNoOwner() {
        assertThat(Rendezvous.owner("k", new Node[0])).isNull();
    }
}
