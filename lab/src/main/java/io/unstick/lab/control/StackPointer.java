package io.unstick.lab.control;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code runs/current.json}: how the other commands find the running stack's control port. Written by
 * {@code up} once the stack is healthy, removed when it stops.
 */
public record StackPointer(long pid, int controlPort, String mode, String runDir) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path file(Path runsDir) {
        return runsDir.resolve("current.json");
    }

    public void write(Path runsDir) {
        try {
            Files.createDirectories(runsDir);
            JSON.writeValue(file(runsDir).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(runsDir), e);
        }
    }

    /** The pointer of a stack whose {@code up} process is still alive; a stale file is ignored. */
    public static Optional<StackPointer> read(Path runsDir) {
        Path file = file(runsDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            StackPointer pointer = JSON.readValue(file.toFile(), StackPointer.class);
            boolean alive = ProcessHandle.of(pointer.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(pointer) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (delete it if no stack is running)", e);
        }
    }

    public static void remove(Path runsDir) {
        try {
            Files.deleteIfExists(file(runsDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(runsDir), e);
        }
    }
}
