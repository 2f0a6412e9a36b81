package io.unstick.lab.compare;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RunResultsTest {

    @Test
    void everyNodeIsListedEvenOneThatServedNothing() {
        assertThat(RunResults.nodeShare(Map.of("node1", 300L, "node3", 100L), 3))
                .containsExactly(Map.entry("node1", 0.75), Map.entry("node2", 0.0), Map.entry("node3", 0.25));
        assertThat(RunResults.nodeShare(Map.of(), 2)).containsExactly(Map.entry("node1", 0.0), Map.entry("node2", 0.0));
    }

    @Test
    void coefficientOfVariationIsZeroWhenEvenAndGrowsWithTheSpread() {
        assertThat(RunResults.coefficientOfVariation(List.of(1 / 3.0, 1 / 3.0, 1 / 3.0))).isCloseTo(0, within(1e-9));
        assertThat(RunResults.coefficientOfVariation(List.of(0.5, 0.0, 0.5))).isCloseTo(Math.sqrt(0.5), within(1e-9));
        assertThat(RunResults.coefficientOfVariation(List.of(0.0, 0.0))).isZero();
    }
}
