package io.unstick.lab.compare.faults;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's JVM paused (SIGSTOP) for a stated time, then resumed (SIGCONT): a long GC pause, a VM migrated, a
 * process stopped in a debugger. Its HTTP port still accepts connections (the kernel does) but nothing answers,
 * and its Hazelcast member neither answers nor sends heartbeats. The node is always resumed: when the wait ends,
 * when it is interrupted, and by {@link #close()} (end of run, Ctrl-C).
 */
final class FreezeFault implements Fault {

    private static final long NONE = -1;

    private final Duration holdFor;
    private final AtomicLong paused = new AtomicLong(NONE);

    FreezeFault(Duration holdFor) {
        this.holdFor = holdFor;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        String node = context.victim();
        long pid = context.stack().node(node).pid()
                .orElseThrow(() -> new IllegalStateException(node + " is not running, so it cannot be paused"));
        paused.set(pid);
        ProcessSignals.send(ProcessSignals.Signal.STOP, pid);
        context.event(node + " paused (SIGSTOP) for " + holdFor.toSeconds() + " s");
        try {
            Thread.sleep(holdFor.toMillis());
        } finally {
            if (resume()) {
                context.event(node + " resumed (SIGCONT)");
            }
        }
    }

    @Override
    public void close() {
        resume();
    }

    /** @return whether a paused process was resumed by this call */
    private boolean resume() {
        long pid = paused.getAndSet(NONE);
        if (pid == NONE || ProcessHandle.of(pid).isEmpty()) {
            return false; // nothing paused, or it died meanwhile (killed by Ctrl-C's stop): nothing to resume
        }
        ProcessSignals.send(ProcessSignals.Signal.CONT, pid);
        return true;
    }
}
