package io.unstick.lab.compare.faults.partition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code iptables} command (legacy or nf_tables backend alike), run with {@code -w} so that it waits for the
 * xtables lock another process holds instead of failing. Every call is bounded in time.
 */
final class Iptables {

    /** Where distributions install it (root's PATH); looked up here rather than through the environment. */
    private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/iptables"), Path.of("/sbin/iptables"),
            Path.of("/usr/local/sbin/iptables"), Path.of("/usr/bin/iptables"), Path.of("/bin/iptables"));
    private static final long TIMEOUT_SECONDS = 20;

    private final Path binary;

    private Iptables(Path binary) {
        this.binary = binary;
    }

    static Optional<Iptables> find() {
        return PLACES.stream().filter(Files::isExecutable).findFirst().map(Iptables::new);
    }

    /** Runs {@code iptables -w 5 ARGS}; returns its output, or throws with its error output. */
    String run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-w", "5"));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + err.get(5, TimeUnit.SECONDS).trim());
            }
            return out.get(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + String.join(" ", command) + ": " + e, e);
        }
    }

    String run(String... args) {
        return run(List.of(args));
    }

    /** Adds a rule at the end of its chain (the first argument). */
    void append(List<String> rule) {
        run(withAction("-A", rule));
    }

    /** Inserts a rule at the top of its chain. */
    void insert(List<String> rule) {
        run(withAction("-I", rule));
    }

    void delete(List<String> rule) {
        run(withAction("-D", rule));
    }

    @Override
    public String toString() {
        return binary.toString();
    }

    private static List<String> withAction(String action, List<String> rule) {
        List<String> args = new ArrayList<>();
        args.add(action);
        args.addAll(rule);
        return args;
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
