package io.unstick.spring.boot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.unstick.session.SessionStoreMetrics;

/**
 * Every counter of the store ({@link SessionStoreMetrics#snapshot()}) as a Micrometer counter named
 * {@code unstick.session.store.<counter>} ({@code store_reads} → {@code unstick.session.store.reads}; the
 * {@code *_nanos} timers in seconds, as {@code *.time}). Read at scrape time; new counters appear by themselves.
 */
final class SessionStoreMeterBinder implements MeterBinder {

    private static final double NANOS_PER_SECOND = 1e9;

    private final SessionStoreMetrics metrics;

    SessionStoreMeterBinder(SessionStoreMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String counter : metrics.snapshot().keySet()) {
            boolean nanos = counter.endsWith("_nanos");
            String name = counter.replaceFirst("^store_", "").replaceFirst("_nanos$", "_time").replace('_', '.');
            FunctionCounter.builder("unstick.session.store." + name, metrics,
                            m -> m.snapshot().getOrDefault(counter, 0L) / (nanos ? NANOS_PER_SECOND : 1))
                    .baseUnit(nanos ? "seconds" : null)
                    .description("unstick session store: " + counter.replace('_', ' '))
                    .register(registry);
        }
    }
}
