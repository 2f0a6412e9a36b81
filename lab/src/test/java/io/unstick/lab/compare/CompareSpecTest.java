package io.unstick.lab.compare;

import io.unstick.lab.compare.faults.FaultKind;
import io.unstick.lab.stack.StackSpec;
import io.unstick.lab.stack.Variant;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareSpecTest {

    @Test
    void stacksOfEveryModeUseTheSamePortsAndAFastHealthCheck() {
        CompareSpec spec = spec(List.of(Variant.STICKY, Variant.HYBRID), 3, FaultKind.KILL, 0.5);
        StackSpec hybrid = spec.stack(Variant.HYBRID);
        assertThat(hybrid.port()).isEqualTo(18080);
        assertThat(hybrid.adminPort()).isEqualTo(18081);
        assertThat(hybrid.nodePort(1)).isEqualTo(18082);
        assertThat(hybrid.hazelcastPort(1)).isEqualTo(18091);
        assertThat(hybrid.managementPort(1)).isEqualTo(18100);
        assertThat(hybrid.ports()).doesNotHaveDuplicates();
        assertThat(hybrid.runDir()).isEqualTo(Path.of("/tmp/out/logs/hybrid"));
        assertThat(hybrid.balancerEnv()).containsEntry("UNSTICK_HEALTH_INTERVAL", "500ms")
                .containsEntry("UNSTICK_BOUND_CLIENT_WINDOW", "3000ms");
        assertThat(spec.victim()).isEqualTo("node2");
    }

    @Test
    void thePeersRunOnTheSamePortsWithTheirManagerAndRouting() {
        CompareSpec spec = spec(List.of(Variant.BACKUP, Variant.REDIS), 3, FaultKind.ROLLING, 0.5);
        StackSpec backup = spec.stack(Variant.BACKUP);
        assertThat(backup.mode().label()).as("Tomcat's managers need affinity").isEqualTo("sticky");
        assertThat(backup.variant().nodeEnv()).containsEntry("UNSTICK_SESSION_MANAGER", "backup");
        assertThat(backup.sessionTrafficPorts()).as("Tribes receivers on the member ports").containsExactly(18091, 18092, 18093);
        StackSpec redis = spec.stack(Variant.REDIS);
        assertThat(redis.redisPort()).isEqualTo(18080 + 29);
        assertThat(redis.ports()).doesNotHaveDuplicates().contains(18109).doesNotContain(18091);
        assertThat(redis.runDir()).isEqualTo(Path.of("/tmp/out/logs/redis"));
        assertThat(redis.balancerEnv()).isEqualTo(backup.balancerEnv());
        assertThatThrownBy(() -> spec(List.of(Variant.STICKY), 3, FaultKind.KILL, 0, 65535 - 28))
                .as("the redis-server's port must fit too").hasMessageContaining("--base-port");
    }

    @Test
    void refusesWhatCannotBeMeasuredWithAMessageNamingTheOption() {
        assertThatThrownBy(() -> spec(List.of(), 3, FaultKind.KILL, 0)).hasMessageContaining("--modes");
        assertThatThrownBy(() -> spec(List.of(Variant.STICKY, Variant.STICKY), 3, FaultKind.KILL, 0)).hasMessageContaining("twice");
        assertThatThrownBy(() -> spec(List.of(Variant.STICKY), 1, FaultKind.KILL, 0)).hasMessageContaining("at least 2 nodes");
        assertThatThrownBy(() -> spec(List.of(Variant.STICKY), 3, FaultKind.NONE, 1.5)).hasMessageContaining("--skew");
        assertThatThrownBy(() -> new CompareSpec(List.of(Variant.SHARED), 3, 24, Duration.ofSeconds(16), Duration.ofSeconds(4),
                Duration.ofMillis(250), Duration.ofSeconds(5), FaultKind.FREEZE, Duration.ofMillis(500), 0, 42,
                Path.of("/tmp/out"), 18080, Duration.ofSeconds(90), true)).hasMessage("--fault-for must be 1s..10m, but was 500ms");
        assertThat(FaultKind.PARTITION.isTimed()).isTrue();
        assertThat(FaultKind.KILL.isTimed()).isFalse();
    }

    @Test
    void readsDurationsAsPeopleWriteThem() {
        assertThat(Durations.parse("--duration", "60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Durations.parse("--duration", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("--think", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("--duration", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> Durations.parse("--duration", "1h")).hasMessage("--duration takes a duration like 60s, 2m or 500ms, not '1h'");
        assertThatThrownBy(() -> FaultKind.parse("explode"))
                .hasMessageContaining("kill, restart, rolling, drain, partition, freeze, none");
    }

    private static CompareSpec spec(List<Variant> modes, int nodes, FaultKind fault, double skew) {
        return spec(modes, nodes, fault, skew, 18080);
    }

    private static CompareSpec spec(List<Variant> modes, int nodes, FaultKind fault, double skew, int basePort) {
        return new CompareSpec(modes, nodes, 24, Duration.ofSeconds(16), Duration.ofSeconds(4), Duration.ofMillis(250),
                Duration.ofSeconds(5), fault, Duration.ofSeconds(10), skew, 42, Path.of("/tmp/out"), basePort,
                Duration.ofSeconds(90), true);
    }
}
