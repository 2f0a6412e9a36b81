package io.unstick.lab.bench.balancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived tool (a load generator) to completion within a time limit, keeps its output in a file, and
 * can be aborted from another thread; the process is always gone when {@link #run} returns.
 */
public final class ToolRun {

    private volatile Process current;

    public String run(List<String> command, Duration limit, Path outputFile) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        current = process;
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
            }
            String output = Files.readString(outputFile, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + outputFile, e);
        } finally {
            abort();
        }
    }

    public void abort() {
        Process process = current;
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        current = null;
    }
}
