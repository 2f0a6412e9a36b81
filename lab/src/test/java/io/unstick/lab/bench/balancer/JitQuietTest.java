package io.unstick.lab.bench.balancer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM proxy's warm-up goes on while its JIT still compiles, and stops at the bound either way. */
class JitQuietTest {

    private final JitQuiet policy = new JitQuiet(0.05, Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void littleCompilingInTheLastRoundIsQuiet() {
        assertThat(policy.decide(0.0, Duration.ZERO)).isEqualTo(JitQuiet.Decision.QUIET);
        assertThat(policy.decide(0.04, Duration.ofSeconds(20))).isEqualTo(JitQuiet.Decision.QUIET);
    }

    @Test
    void compilingAtOrAboveTheThresholdWarmsMore() {
        assertThat(policy.decide(0.05, Duration.ZERO)).isEqualTo(JitQuiet.Decision.WARM_MORE);
        assertThat(policy.decide(0.41, Duration.ofSeconds(55))).isEqualTo(JitQuiet.Decision.WARM_MORE);
    }

    @Test
    void stillCompilingWhenAnotherRoundWouldPassTheBoundStops() {
        assertThat(policy.decide(0.41, Duration.ofSeconds(60))).isEqualTo(JitQuiet.Decision.BOUND_REACHED);
        assertThat(new JitQuiet(0.05, Duration.ofSeconds(5), Duration.ZERO).decide(1.0, Duration.ZERO))
                .isEqualTo(JitQuiet.Decision.BOUND_REACHED);
    }

    @Test
    void jstatsTimeColumnIsTheCompileTime() {
        String output = """
                Compiled Failed Invalid   Time   FailedType FailedMethod
                    1457      0       0     1.12          0
                """;
        assertThat(CompileClock.parse(output)).isEqualTo(OptionalDouble.of(1.12));
        assertThat(CompileClock.parse("12345 not found")).isEmpty();
    }
}
