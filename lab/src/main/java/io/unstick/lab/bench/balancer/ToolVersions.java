package io.unstick.lab.bench.balancer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The first line a tool prints about its version, for the report. */
public final class ToolVersions {

    private ToolVersions() {
    }

    public static String of(String program, String flag) {
        try {
            Process process = new ProcessBuilder(List.of(RequiredTools.path(program), flag)).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return text.lines().findFirst().orElse(program + " (unknown version)").trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot ask " + program + " for its version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + program + " for its version", e);
        }
    }
}
