package io.unstick.lab.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One JVM the lab started: a shop node or the balancer. It can be started again after it stopped or was
 * killed, with the same command, environment and log file (appended).
 */
public final class ManagedProcess {

    private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);
    private static final long GRACE_SECONDS = 15;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final int httpPort;
    private final int managementPort;
    private volatile Process process;

    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path logFile, int httpPort) {
        this(name, command, environment, logFile, httpPort, -1);
    }

    /** A process with a management listener (a shop node: {@code /metrics} there, never on its HTTP port). */
    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path logFile, int httpPort,
                          int managementPort) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            process = Children.start(builder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL: the node gets no chance to hand anything over, as when a machine dies. */
    public void kill() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            waitFor(current, GRACE_SECONDS);
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within the grace period. */
    public void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        if (!waitFor(current, GRACE_SECONDS)) {
            log.warn("{} did not stop within {} s of SIGTERM; killing it", name, GRACE_SECONDS);
            current.destroyForcibly();
            waitFor(current, GRACE_SECONDS);
        }
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public Optional<Long> pid() {
        Process current = process;
        return current == null || !current.isAlive() ? Optional.empty() : Optional.of(current.pid());
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The shop node's management port ({@code /metrics}, detailed {@code /health}). */
    public int managementPort() {
        if (managementPort < 0) {
            throw new IllegalStateException(name + " has no management port");
        }
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, to show why a process failed to come up. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private static boolean waitFor(Process process, long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
