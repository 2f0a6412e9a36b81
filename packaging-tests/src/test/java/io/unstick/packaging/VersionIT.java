package io.unstick.packaging;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.unstick.packaging.Build.ROOT;
import static io.unstick.packaging.Build.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/** One version everywhere: the lab's {@code -V} and each process's start-up line print the build's version. */
class VersionIT {

    @Test
    void theLabPrintsTheBuildsVersion() throws Exception {
        assertThat(firstLineContaining(List.of(Build.java(), "-jar", ROOT.resolve("lab/target/unstick-lab.jar").toString(), "-V"),
                Map.of(), "unstick")).isEqualTo("unstick " + VERSION);
    }

    @Test
    void theBalancerNamesItsVersionWhenItStarts() throws Exception {
        String line = firstLineContaining(List.of(Build.java(), "-jar", ROOT.resolve("balancer/target/unstick-balancer.jar").toString()),
                Map.of("UNSTICK_PORT", "0", "UNSTICK_ADMIN_PORT", "0", "UNSTICK_BIND_ADDRESS", "127.0.0.1", "UNSTICK_BACKENDS", ""),
                "started in");
        assertThat(line).contains("unstick balancer " + VERSION + " started in");
    }

    @Test
    void theShopNamesItsVersionWhenItStarts() throws Exception {
        String line = firstLineContaining(List.of(Build.java(), "-jar", ROOT.resolve("sample-app/target/unstick-shop.jar").toString()),
                Map.of("UNSTICK_MODE", "sticky", "UNSTICK_PORT", "0", "UNSTICK_MANAGEMENT_PORT", "0",
                        "UNSTICK_BIND_ADDRESS", "127.0.0.1", "UNSTICK_NODE_NAME", "version-check"), "serving");
        assertThat(line).contains("shop node version-check (unstick " + VERSION + ") serving");
    }

    /** Runs {@code command} until it prints a line containing {@code marker} (within a minute), then stops it. */
    private static String firstLineContaining(List<String> command, Map<String, String> env, String marker)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("UNSTICK_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> seen = new ArrayList<>();
        try {
            CompletableFuture<String> found = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        synchronized (seen) {
                            seen.add(line);
                        }
                        if (line.contains(marker)) {
                            found.complete(line);
                        }
                    }
                    found.completeExceptionally(new AssertionError("exited without a line containing '" + marker + "'"));
                } catch (IOException e) {
                    found.completeExceptionally(e);
                }
            }, "output-of-" + command.get(command.size() - 1));
            reader.setDaemon(true);
            reader.start();
            try {
                return found.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                synchronized (seen) {
                    throw new AssertionError(String.join(" ", command) + ": no line containing '" + marker + "'; it printed:\n"
                            + String.join("\n", seen), e);
                }
            }
        } finally {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
