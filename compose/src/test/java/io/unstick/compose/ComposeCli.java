package io.unstick.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.PeerTools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code docker-compose config} (the v1 CLI, Debian package {@code docker-compose}) on the compose files and
 * parses the resolved configuration. {@code config} validates and interpolates the files without a Docker engine.
 *
 * <p>The child gets this process's environment without any {@code UNSTICK_*} or {@code COMPOSE_*} variable, so a
 * developer's shell cannot change the outcome; {@code UNSTICK_MODE} is then set only when a test asks for it.
 */
final class ComposeCli {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path composeDir;

    ComposeCli(Path composeDir) {
        this.composeDir = composeDir;
    }

    /**
     * The resolved configuration of {@code files} (names inside compose/), with {@code mode} or, if null, none.
     * Skips the calling test when docker-compose is missing ({@link PeerTools}: CI installs it, and fails instead).
     */
    JsonNode config(List<String> files, String mode) {
        List<String> command = new ArrayList<>(List.of(PeerTools.path(PeerTool.DOCKER_COMPOSE).toString()));
        for (String file : files) {
            command.add("-f");
            command.add(composeDir.resolve(file).toString());
        }
        command.add("config");

        ProcessBuilder builder = new ProcessBuilder(command).directory(composeDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("UNSTICK_") || name.startsWith("COMPOSE_"));
        if (mode != null) {
            env.put("UNSTICK_MODE", mode);
        }
        String describe = String.join(" ", command) + (mode == null ? "" : " with UNSTICK_MODE=" + mode);
        try {
            Path stderr = Files.createTempFile("docker-compose-config", ".err");
            try {
                builder.redirectError(stderr.toFile());
                Process process = builder.start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(describe + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                String errors = Files.readString(stderr, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError(describe + " rejected the files (exit " + process.exitValue() + "):\n"
                            + errors);
                }
                return new YAMLMapper().readTree(out);
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Running " + describe, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + describe, e);
        }
    }
}
