package io.unstick.lab.stack;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The nodes, balancers and redis-servers this lab started and that still run. A JVM's exit leaves its child
 * processes running, so Ctrl-C at any point of a command (a stack still starting, a bench between two windows) would
 * leave them holding the ports the next run needs; one shutdown hook stops what is left: SIGTERM to each, SIGKILL to
 * any still running after the grace period. The commands' own stops (a stack's orderly close, a fault undone) run
 * beside it and come first where they can.
 */
final class Children {

    private static final long GRACE_MILLIS = 15_000;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean exiting;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::stopAll, "unstick-stop-children"));
    }

    private Children() {
    }

    /** Registers a process just started; one started while the JVM exits is killed at once. */
    static Process started(Process process) {
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        if (exiting) { // the hook may have looked before the add: stop it here too
            process.destroyForcibly();
        }
        return process;
    }

    private static void stopAll() {
        exiting = true;
        List<Process> left = RUNNING.stream().filter(Process::isAlive).toList();
        if (left.isEmpty()) {
            return;
        }
        System.err.printf("stopping the %d process(es) this command started%n", left.size());
        left.forEach(Process::destroy);
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        for (Process process : left) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                left.forEach(Process::destroyForcibly);
                return;
            }
        }
    }
}
