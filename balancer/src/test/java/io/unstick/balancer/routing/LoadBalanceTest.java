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

class LoadBalanceTest {

    private static Node node(String name, int inFlight) {
        Node node = new Node(new BackendSpec(name, URI.create("http://127.0.0.1:1")), name,
                new NodeHealth(HealthSettings.defaults()), new BoundClients(60_000));
        for (int i = 0; i < inFlight; i++) {
            node.requestStarted();
        }
        return node;
    }

    private final LoadBalance balance = new LoadBalance();

    @Test
    void leastRequestsPicksTheNodeWithFewestInFlight() {
        Node[] nodes = {node("a", 2), node("b", 0), node("c", 1)};
        for (int i = 0; i < 10; i++) {
            assertThat(balance.leastRequests(nodes).name()).isEqualTo("b");
        }
    }

    @Test
    void tiesAreBrokenInTurn() {
        Node[] nodes = {node("a", 1), node("b", 1), node("c", 3)};
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            picks.merge(balance.leastRequests(nodes).name(), 1, Integer::sum);
        }
        assertThat(picks).containsOnlyKeys("a", "b");
        assertThat(picks.get("a")).isBetween(40, 60);
    }

    @Test
    void roundRobinTakesEachInTurn() {
        Node[] nodes = {node("a", 0), node("b", 5), node("c", 0)};
        assertThat(new String[]{balance.roundRobin(nodes).name(), balance.roundRobin(nodes).name(),
                balance.roundRobin(nodes).name(), balance.roundRobin(nodes).name()}).containsExactly("a", "b", "c", "a");
    }
}
