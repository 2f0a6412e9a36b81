package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.ManagedProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * CPU time (user + system) the stack's processes (nodes and balancer) and this load generator have used so far.
 * Every process shares one machine, so a capacity says as much about the load generator as about a mode; CPU per
 * request of the stack alone is what would decide capacity if the load came from elsewhere.
 */
final class CpuTimes implements FixedRateLoad.WindowListener {

    private final List<ProcessHandle> stack;
    private Sample opened;
    private Sample closed;

    private CpuTimes(List<ProcessHandle> stack) {
        this.stack = stack;
    }

    static CpuTimes of(LocalStack stack) {
        List<ProcessHandle> processes = new ArrayList<>();
        List<ManagedProcess> managed = new ArrayList<>(stack.nodes());
        managed.add(stack.balancer());
        for (ManagedProcess process : managed) {
            process.pid().flatMap(ProcessHandle::of).ifPresent(processes::add);
        }
        return new CpuTimes(processes);
    }

    @Override
    public void opened() {
        opened = sample();
    }

    @Override
    public void closed() {
        closed = sample();
    }

    /** The stack's CPU milliseconds per request between opened and closed; NaN when the OS does not tell. */
    double stackMsPer(long requests) {
        return perRequest(Sample::stackNanos, requests);
    }

    /** This load generator's CPU milliseconds per request between opened and closed. */
    double loadMsPer(long requests) {
        return perRequest(Sample::loadNanos, requests);
    }

    private double perRequest(ToLongFunction<Sample> part, long requests) {
        if (opened == null || closed == null || requests == 0) {
            return Double.NaN;
        }
        return (part.applyAsLong(closed) - part.applyAsLong(opened)) / 1e6 / requests;
    }

    /** Null when the OS does not report some process's CPU time. */
    private Sample sample() {
        long stackNanos = 0;
        for (ProcessHandle process : stack) {
            Optional<Duration> cpu = process.info().totalCpuDuration();
            if (cpu.isEmpty()) {
                return null;
            }
            stackNanos += cpu.get().toNanos();
        }
        long stackTotal = stackNanos;
        Optional<Duration> load = ProcessHandle.current().info().totalCpuDuration();
        return load.map(cpu -> new Sample(stackTotal, cpu.toNanos())).orElse(null);
    }

    private record Sample(long stackNanos, long loadNanos) {
    }
}
