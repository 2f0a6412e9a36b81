package io.unstick.lab.support;

import io.unstick.testsupport.FreePorts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./unstick up} as a user runs it: the packaged lab jar in its own process, on free ports, with its
 * output captured. Other lab commands run against it as separate processes too.
 */
public final class UpProcess implements AutoCloseable {

    private final Path home;
    private final Path runsDir;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    public final int port;
    public final int adminPort;

    private UpProcess(Path home, Path runsDir, Process process, int port, int adminPort) {
        this.home = home;
        this.runsDir = runsDir;
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
        Thread reader = new Thread(this::pump, "up-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static UpProcess start(Path home, Path runsDir, String mode, int nodes) throws IOException {
        int ports = FreePorts.consecutive(2 + 3 * nodes);
        List<String> command = lab(home, runsDir, "up", "--mode", mode, "--nodes", String.valueOf(nodes),
                "--port", String.valueOf(ports), "--admin-port", String.valueOf(ports + 1),
                "--node-base-port", String.valueOf(ports + 2), "--hazelcast-base-port", String.valueOf(ports + 2 + nodes),
                "--management-base-port", String.valueOf(ports + 2 + 2 * nodes));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new UpProcess(home, runsDir, process, ports, ports + 1);
    }

    /** Waits for the ready banner; fails with everything {@code up} printed if it exits or times out. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!output.toString().contains("unstick is up")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("./unstick up did not come up; it printed:\n" + output);
            }
            Thread.sleep(100);
        }
    }

    /** Runs another lab command ({@code status}, {@code kill node2}, ...) and returns what it printed. */
    public CommandResult run(String... args) throws IOException, InterruptedException {
        List<String> command = lab(home, runsDir, args);
        Process other = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!other.waitFor(3, TimeUnit.MINUTES)) {
            other.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish");
        }
        return new CommandResult(other.exitValue(), printed);
    }

    public record CommandResult(int exitCode, String output) {
    }

    /** SIGINT, as Ctrl-C in the terminal would send to {@code up} alone. */
    public boolean interruptAndWait(Duration timeout) throws IOException, InterruptedException {
        new ProcessBuilder("sh", "-c", "kill -INT " + process.pid()).start().waitFor(); // no procps needed
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        return output.toString();
    }

    /** Leaves nothing behind even when a test failed half-way: the lab and every process it started. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
    }

    private static List<String> lab(Path home, Path runsDir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", home.resolve("lab/target/unstick-lab.jar").toString(),
                "--home", home.toString(), "--runs-dir", runsDir.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            output.append("(output closed: ").append(e.getMessage()).append(")\n");
        }
    }
}
