package io.unstick.lab.compare.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIGSTOP and SIGCONT to a process the lab started (Java has no API for either). Goes through the shell's
 * own {@code kill}, which every Linux and macOS has, with the pid as a number: nothing else can be signalled.
 */
final class ProcessSignals {

    enum Signal { STOP, CONT }

    private ProcessSignals() {
    }

    static void send(Signal signal, long pid) {
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        ProcessBuilder kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal.name() + " " + pid)
                .redirectErrorStream(true);
        try {
            Process process = kill.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal.name() + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -s " + signal.name() + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal.name() + " to " + pid, e);
        }
    }
}
