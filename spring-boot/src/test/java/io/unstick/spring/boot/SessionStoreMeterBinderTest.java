package io.unstick.spring.boot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.unstick.session.HazelcastSessionManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreMeterBinderTest {

    @Test
    void everyCounterOfTheStoreIsAMeter() {
        HazelcastSessionManager manager = new HazelcastSessionManager();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new SessionStoreMeterBinder(manager.getMetrics()).bindTo(registry);

        assertThat(registry.getMeters()).hasSize(manager.getMetrics().snapshot().size());
        FunctionCounter reads = registry.get("unstick.session.store.reads").functionCounter();
        assertThat(reads.count()).isZero();
        assertThat(registry.get("unstick.session.store.read.time").functionCounter().getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(registry.find("unstick.session.store.conflicts").functionCounter()).isNotNull();
    }
}
