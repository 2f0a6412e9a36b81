package io.unstick.lab.compare.load;

import io.unstick.lab.compare.report.TimelinePoint;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Once a second, turns the shoppers' observations into one point of the run's timeline (requests, errors,
 * losses, latency percentiles and the longest wait of that second, CPU) and adds the second's latencies to the run's total.
 */
public final class Sampler implements AutoCloseable {

    private final Observations observations;
    private final CpuMonitor cpu;
    private final long startNanos;
    private final Histogram total = new Histogram(3);
    private final List<TimelinePoint> points = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private Observations.Counts last;

    private Sampler(Observations observations, CpuMonitor cpu) {
        this.observations = observations;
        this.cpu = cpu;
        this.startNanos = System.nanoTime();
        this.last = observations.counts();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling now; the measurement's time 0 is this call. */
    public static Sampler start(Observations observations, CpuMonitor cpu) {
        Sampler sampler = new Sampler(observations, cpu);
        cpu.processLoad(); // the first reading only sets the baseline
        sampler.timer.scheduleAtFixedRate(sampler::sample, 1, 1, TimeUnit.SECONDS);
        return sampler;
    }

    public long startNanos() {
        return startNanos;
    }

    /** Seconds since the measurement began. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private synchronized void sample() {
        Histogram second = observations.intervalLatency();
        long longest = observations.intervalLongestMicros();
        total.add(second);
        Observations.Counts now = observations.counts();
        points.add(new TimelinePoint(round1(elapsedSeconds()),
                now.requests() - last.requests(), now.errors() - last.errors(),
                now.lostItems() - last.lostItems(), now.resurrectedItems() - last.resurrectedItems(),
                now.divergentAnswers() - last.divergentAnswers(), now.sessionResets() - last.sessionResets(),
                millis(second, 50), millis(second, 95), millis(second, 99), round3(longest / 1_000.0),
                round3(Math.max(0, cpu.processLoad())), round3(Math.max(0, cpu.machineLoad()))));
        last = now;
    }

    /** Stops sampling after a last sample, so the totals include the final partial second. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        sample();
    }

    public synchronized List<TimelinePoint> points() {
        return List.copyOf(points);
    }

    /** Every latency recorded while sampling, in microseconds. */
    public synchronized Histogram totalLatency() {
        return total.copy();
    }

    static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : round3(histogram.getValueAtPercentile(percentile) / 1_000.0);
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round3(double value) {
        return Math.round(value * 1_000) / 1_000.0;
    }
}
