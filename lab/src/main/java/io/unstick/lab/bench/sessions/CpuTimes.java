package io.unstick.lab.bench.sessions;

import io.unstick.lab.bench.ProcessCpu;
import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.ManagedProcess;
import io.unstick.lab.stack.RedisServer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * CPU time (user + system) the stack's processes (nodes, balancer, the Redis peer's redis-server) and this load
 * generator use between a window's opening and closing. Every process shares one machine, so a capacity says as much
 * about the load generator as about a mode; CPU per request of the stack alone is what would decide capacity if the
 * load came from elsewhere. The JIT compilers' share of the stack's CPU says whether the window measured a warm stack.
 */
final class CpuTimes implements FixedRateLoad.WindowListener {

    private final List<Long> stackPids;
    private Sample opened;
    private Sample closed;

    private CpuTimes(List<Long> stackPids) {
        this.stackPids = stackPids;
    }

    static CpuTimes of(LocalStack stack) {
        List<ManagedProcess> managed = new ArrayList<>(stack.nodes());
        managed.add(stack.balancer());
        List<Long> pids = new ArrayList<>();
        managed.forEach(process -> process.pid().ifPresent(pids::add));
        // The Redis peer's store runs beside the nodes, where unstick's runs inside them: its CPU is the stack's too.
        stack.redis().flatMap(RedisServer::pid).ifPresent(pids::add);
        return new CpuTimes(pids);
    }

    @Override
    public void opened() {
        opened = sample();
    }

    @Override
    public void closed() {
        closed = sample();
    }

    /** The stack's CPU milliseconds per request between opened and closed; NaN when the window never closed. */
    double stackMsPer(long requests) {
        return perRequest(Sample::stackSeconds, requests);
    }

    /**
     * The part of the stack's CPU between opened and closed that its JVMs' JIT compiler threads used; NaN when the
     * window never closed or the stack used none.
     */
    double compilerShare() {
        if (opened == null || closed == null || closed.stackSeconds() <= opened.stackSeconds()) {
            return Double.NaN;
        }
        return (closed.compilerSeconds() - opened.compilerSeconds()) / (closed.stackSeconds() - opened.stackSeconds());
    }

    /** This load generator's CPU milliseconds per request between opened and closed. */
    double loadMsPer(long requests) {
        return perRequest(Sample::loadSeconds, requests);
    }

    private double perRequest(ToDoubleFunction<Sample> part, long requests) {
        if (opened == null || closed == null || requests == 0) {
            return Double.NaN;
        }
        return (part.applyAsDouble(closed) - part.applyAsDouble(opened)) * 1000 / requests;
    }

    private Sample sample() {
        double stack = stackPids.stream().mapToDouble(ProcessCpu::seconds).sum();
        double compilers = stackPids.stream().mapToDouble(ProcessCpu::compilerSeconds).sum();
        return new Sample(stack, compilers, ProcessCpu.ownSeconds(ProcessHandle.current().pid()));
    }

    private record Sample(double stackSeconds, double compilerSeconds, double loadSeconds) {
    }
}
