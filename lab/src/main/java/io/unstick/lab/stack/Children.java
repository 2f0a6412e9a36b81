package io.unstick.lab.stack;

import java.io.IOException;
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
    private static boolean exiting; // guarded by RUNNING

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::stopAll, "unstick-stop-children"));
    }

    private Children() {
    }

    /**
     * Starts a process and registers it in one step. The hook takes the same lock, so a process forked just before
     * Ctrl-C is registered before the hook looks (registering after {@code start()} returned left that window open:
     * the JVM could finish its hooks and exit between the fork and the registration). Once the JVM exits, a start is
     * refused.
     */
    static Process start(ProcessBuilder builder) throws IOException {
        synchronized (RUNNING) {
            if (exiting) {
                throw new IOException("the command is stopping");
            }
            Process process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return process;
        }
    }

    private static void stopAll() {
        List<Process> left;
        synchronized (RUNNING) {
            exiting = true;
            left = RUNNING.stream().filter(Process::isAlive).toList();
        }
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
