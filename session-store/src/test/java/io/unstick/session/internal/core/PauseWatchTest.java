package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: a node that stood still refuses its requests until its member can know where it stands. */
class PauseWatchTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PauseWatch watch = new PauseWatch(2_500, 5_000, now::get);

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Ticks every 200 ms for {@code millis}, as the ticker does while the JVM runs. */
    private void run(long millis) {
        for (long t = 0; t < millis; t += PauseWatch.TICK_MILLIS) {
            advance(PauseWatch.TICK_MILLIS);
            watch.tick();
        }
    }

    @Test
    void aRunningNodeIsOpenAndAShortStallClosesNothing() {
        run(3_000);
        assertThat(watch.refusal()).isNull();

        advance(2_000); // a 2 s GC pause: shorter than the protection's tolerance
        watch.tick();

        assertThat(watch.refusal()).isNull();
    }

    @Test
    void aRequestThatRunsBeforeTheTickerWakesUpSeesTheStandstillItself() {
        run(1_000);
        advance(7_500); // SIGSTOP; on SIGCONT a request thread may run before the ticker

        assertThat(watch.refusal()).contains("stood still for at least 7500 ms");
    }

    @Test
    void afterAStandstillTheStoreStaysClosedForTheFailureDetectionsPeriodThenOpens() {
        run(1_000);
        advance(7_500);
        watch.tick();

        assertThat(watch.refusal()).contains("stood still for 7500 ms", "again in 5000 ms");
        run(4_800);
        assertThat(watch.refusal()).contains("again in 200 ms");
        run(200);
        assertThat(watch.refusal()).isNull();
    }

    @Test
    void offNeverCloses() {
        PauseWatch off = PauseWatch.off();
        assertThat(off.refusal()).isNull();
    }
}
