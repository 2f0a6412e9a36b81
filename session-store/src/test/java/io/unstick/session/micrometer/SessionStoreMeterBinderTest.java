package io.unstick.session.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.unstick.session.HazelcastSessionManager;
import io.unstick.session.SessionStoreMetrics;
import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreMeterBinderTest {

    /** The counters a manager reports, by their stable names. */
    private static final Set<String> COUNTERS = new HazelcastSessionManager().getMetrics().snapshot().keySet();

    @Test
    void everyCounterOfTheStoreHasExactlyOneMeter() {
        List<String> shown = SessionStoreMeterBinder.METERS.stream().map(SessionStoreMeterBinder.Meter::counter).toList();
        assertThat(shown).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(COUNTERS);
        assertThat(SessionStoreMeterBinder.METERS.stream().map(SessionStoreMeterBinder.Meter::name).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void eachMeterReadsItsOwnCounterAndShowsTimesInSeconds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Micrometer holds the metrics weakly (as it should: a stopped manager's counters may go); a manager holds
        // its own, so this test holds them too, or a collection in the loop turns every later count into 0.
        SessionStoreMetrics metrics = metricsWhereEachCounterHasItsOwnValue();
        new SessionStoreMeterBinder(metrics).bindTo(registry);

        for (SessionStoreMeterBinder.Meter meter : SessionStoreMeterBinder.METERS) {
            FunctionCounter counter = registry.get("unstick.session.store." + meter.name()).functionCounter();
            double expected = valueOf(meter.counter()) / ("seconds".equals(meter.unit()) ? 1e9 : 1);
            assertThat(counter.count()).as(meter.name() + " reads " + meter.counter()).isEqualTo(expected);
            assertThat(meter.counter().endsWith("_nanos")).as(meter.name() + " in seconds")
                    .isEqualTo("seconds".equals(meter.unit()));
        }
        assertThat(registry.getMeters()).hasSize(COUNTERS.size());
        Reference.reachabilityFence(metrics);
    }

    /** Getter {@code getStoreReadMisses} answers the value of counter {@code store_read_misses}, and so on. */
    private static SessionStoreMetrics metricsWhereEachCounterHasItsOwnValue() {
        return (SessionStoreMetrics) Proxy.newProxyInstance(SessionStoreMetrics.class.getClassLoader(),
                new Class<?>[] {SessionStoreMetrics.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    assertThat(name).as("only getters are read").startsWith("get");
                    return valueOf(name.substring(3).replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase());
                });
    }

    private static long valueOf(String counter) {
        return 1_000_000_000L + Math.abs(counter.hashCode() % 1_000_000);
    }
}
