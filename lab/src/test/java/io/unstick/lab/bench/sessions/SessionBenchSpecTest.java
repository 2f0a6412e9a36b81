package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.StackSpec;
import io.unstick.lab.stack.Variant;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionBenchSpecTest {

    private static SessionBenchSpec spec(List<Long> scale, String heap) {
        return spec(scale, heap, 16, Duration.ofSeconds(15));
    }

    private static SessionBenchSpec spec(List<Long> scale, String heap, int maxWorkers, Duration maxDuration) {
        return new SessionBenchSpec(List.of(Variant.values()), List.of(Workload.values()), 3, 500, 200,
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(20),
                "512m", Duration.ofSeconds(5), Duration.ofSeconds(120), 18280, Path.of("/tmp/out"), false, scale, heap,
                maxWorkers, maxDuration);
    }

    @Test
    void thePeersGetTheirManagerAndRoutingAndTheirStoresPortsAreCounted() {
        SessionBenchSpec spec = spec(List.of(), "3g");
        StackSpec delta = spec.stack(Variant.DELTA);
        assertThat(delta.mode().label()).isEqualTo("sticky");
        assertThat(delta.variant().nodeEnv()).containsEntry("UNSTICK_SESSION_MANAGER", "delta");
        assertThat(spec.stack(Variant.BACKUP).variant().nodeEnv()).containsEntry("UNSTICK_SESSION_MANAGER", "backup");
        assertThat(spec.memberPorts(Variant.DELTA)).containsExactlyInAnyOrder(18291, 18292, 18293);
        assertThat(spec.memberPorts(Variant.BACKUP)).containsExactlyInAnyOrder(18291, 18292, 18293);
        assertThat(spec.memberPorts(Variant.SHARED)).containsExactlyInAnyOrder(18291, 18292, 18293);
        assertThat(spec.memberPorts(Variant.STICKY)).isEmpty();

        StackSpec redis = spec.stack(Variant.REDIS);
        assertThat(redis.mode().label()).as("a local copy needs affinity").isEqualTo("sticky");
        assertThat(redis.variant().nodeEnv()).containsEntry("UNSTICK_SESSION_MANAGER", "redis")
                .containsEntry("UNSTICK_REDIS_READ_MODE", "MEMORY").containsEntry("UNSTICK_REDIS_UPDATE_MODE", "DEFAULT");
        assertThat(redis.redisPort()).as("above the management ports").isEqualTo(18280 + 29);
        assertThat(spec.memberPorts(Variant.REDIS)).as("every byte between the nodes and Redis").containsExactly(18309);
        assertThat(redis.ports()).contains(18309).doesNotContain(18291);
        StackSpec redisDefault = spec.stack(Variant.REDIS_DEFAULT);
        assertThat(redisDefault.mode().label()).as("Redisson's defaults need no affinity").isEqualTo("shared");
        assertThat(redisDefault.variant().nodeEnv()).as("Redisson's defaults: no modes given")
                .containsOnlyKeys("UNSTICK_SESSION_MANAGER");
        assertThat(redisDefault.ports()).as("no Hazelcast member for a peer in shared routing").doesNotContain(18291);
        assertThat(spec.stack(Variant.HYBRID).nodeJvmOptions()).contains("-Xms512m", "-Xmx512m").doesNotContain("-Xmx320m");
    }

    @Test
    void theFirstWorkloadWarmsTheColdStackAndTheOthersTheirOwnPaths() {
        SessionBenchSpec spec = spec(List.of(), "3g");
        assertThat(spec.warmupBefore(Workload.CART)).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.warmupBefore(Workload.PAGE)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theScalePartRunsSharedWithItsOwnHeapAndSortedSizes() {
        SessionBenchSpec spec = spec(List.of(100_000L, 10_000L), "4g");
        assertThat(spec.scaleSizes()).containsExactly(10_000L, 100_000L);
        assertThat(spec.scaleStack().mode().label()).isEqualTo("shared");
        assertThat(spec.scaleStack().nodeJvmOptions()).contains("-Xmx4g");
    }

    @Test
    void refusesBadSettingsNamingTheOption() {
        assertThatThrownBy(() -> spec(List.of(0L), "3g")).hasMessageContaining("--scale");
        assertThatThrownBy(() -> spec(List.of(), "lots")).hasMessageContaining("--scale-heap");
        assertThatThrownBy(() -> Variant.parse("tomcat"))
                .hasMessageContaining("sticky, shared, hybrid, delta, backup, redis, redis-default");
        assertThat(Variant.parse(" Redis-Default ")).isEqualTo(Variant.REDIS_DEFAULT);
        assertThatThrownBy(() -> Workload.parse("api")).hasMessageContaining("cart, page");
        // each closed-loop worker needs a shopper of its own: 200 shoppers, 201 workers
        assertThatThrownBy(() -> spec(List.of(), "3g", 201, Duration.ofSeconds(15))).hasMessageContaining("--max-workers");
        assertThatThrownBy(() -> spec(List.of(), "3g", 16, Duration.ofSeconds(-1))).hasMessageContaining("--max-duration");
        assertThat(spec(List.of(), "3g", 200, Duration.ZERO).maxDuration()).isZero();
    }

    @Test
    void readsTheHeapPoolsOfAScrape() {
        String scrape = String.join("\n",
                "# TYPE jvm_memory_used_bytes gauge",
                "jvm_memory_used_bytes{area=\"heap\",id=\"Eden Space\",mode=\"shared\",node=\"node1\"} 1000.0",
                "jvm_memory_used_bytes{area=\"heap\",id=\"Tenured Gen\",mode=\"shared\",node=\"node1\"} 2.5E7",
                "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\",mode=\"shared\",node=\"node1\"} 9.0E7");
        assertThat(HeapProbe.heapUsed("node1", scrape)).isEqualTo(25_001_000L);
        assertThatThrownBy(() -> HeapProbe.heapUsed("node1", "up 1")).hasMessageContaining("node1");
    }
}
