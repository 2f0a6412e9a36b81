package io.unstick.lab.bench.balancer;

import io.unstick.lab.stack.HealthProbe;
import io.unstick.lab.stack.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Every long-running process the benchmark started, so each one is stopped by pid: in reverse order at the end of
 * a step, and all of them on failure or Ctrl-C ({@link #stopAll()} is safe to call from a shutdown hook).
 */
public final class ProcessSet {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Deque<ManagedProcess> running = new ArrayDeque<>();
    private final HealthProbe health = new HealthProbe();
    private final Path logDir;

    public ProcessSet(Path logDir) {
        this.logDir = logDir;
    }

    /** Starts the command and waits until {@code GET /health} on the port answers 200. */
    public ManagedProcess start(String name, List<String> command, Map<String, String> environment, int port) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        ManagedProcess process = new ManagedProcess(name, command, environment, logDir.resolve(name + ".log"), port);
        synchronized (running) {
            running.push(process);
        }
        process.start();
        health.awaitHealthy(process, Instant.now().plus(START_TIMEOUT));
        return process;
    }

    public void stop(ManagedProcess process) {
        process.stop();
        synchronized (running) {
            running.remove(process);
        }
    }

    public void stopAll() {
        while (true) {
            ManagedProcess next;
            synchronized (running) {
                next = running.poll();
            }
            if (next == null) {
                return;
            }
            next.stop();
        }
    }

    public Path logDir() {
        return logDir;
    }
}
