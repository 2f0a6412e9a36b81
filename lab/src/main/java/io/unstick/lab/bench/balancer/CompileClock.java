package io.unstick.lab.bench.balancer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The JIT compile time a JVM has spent so far, read from outside with the JDK's {@code jstat -compiler <pid>} (it
 * reads the JVM's hsperfdata file: no attach, nothing runs inside the proxy). When jstat is missing or fails, one
 * line says so and every later reading is empty: the bench then runs with the fixed warm-up alone.
 */
final class CompileClock {

    private static final long TIMEOUT_SECONDS = 10;

    private final long pid;
    private final PrintStream out;
    private boolean broken;

    CompileClock(long pid, PrintStream out) {
        this.pid = pid;
        this.out = out;
    }

    /** Seconds of JIT compilation so far, or empty when they cannot be read. */
    OptionalDouble seconds() {
        if (broken) {
            return OptionalDouble.empty();
        }
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        if (!Files.isExecutable(jstat)) {
            return fail(jstat + " is missing (a JRE, not a JDK)");
        }
        try {
            Process process = new ProcessBuilder(List.of(jstat.toString(), "-compiler", String.valueOf(pid)))
                    .redirectErrorStream(true).start();
            // Wait first: reading first would block past the timeout on a jstat that hangs. Its two lines fit the
            // pipe's buffer, so waiting cannot stall it.
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("jstat -compiler " + pid + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            OptionalDouble time = parse(output);
            return process.exitValue() == 0 && time.isPresent() ? time
                    : fail("jstat -compiler " + pid + " exited " + process.exitValue() + ": " + output.strip());
        } catch (IOException e) {
            return fail("cannot run jstat: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running jstat");
        }
    }

    /** The Time column of {@code jstat -compiler}: a header line, then one line of figures. */
    static OptionalDouble parse(String output) {
        String[] lines = output.strip().split("\\R");
        if (lines.length < 2) {
            return OptionalDouble.empty();
        }
        List<String> header = List.of(lines[0].trim().split("\\s+"));
        String[] values = lines[1].trim().split("\\s+");
        int column = header.indexOf("Time");
        if (column < 0 || column >= values.length) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(values[column]));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private OptionalDouble fail(String why) {
        broken = true;
        out.printf("  JIT compile time not readable (%s): fixed warm-up only, no JIT-quiet check%n", why);
        return OptionalDouble.empty();
    }
}
