package io.unstick.balancer.node;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundClientsTest {

    @Test
    void countsDistinctClientsWithinTheWindow() {
        BoundClients bound = new BoundClients(10_000);
        bound.touch("a", 0);
        bound.touch("a", 5_000);
        bound.touch("b", 1_000);
        assertThat(bound.count(2_000)).isEqualTo(2);
        assertThat(bound.isBound("a", 12_000)).as("refreshed at 5 s").isTrue();
        assertThat(bound.count(12_000)).as("b expired").isEqualTo(1);
        bound.forget("a");
        assertThat(bound.count(12_000)).isZero();
        assertThat(bound.isBound("a", 12_000)).isFalse();
    }
}
