package io.unstick.lab.compare.faults;

import io.unstick.lab.stack.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tells when a restarted node's embedded Hazelcast member has joined the full cluster, from the member list
 * Hazelcast logs on every membership change ({@code Members {size:3, ver:5} [...]}). The shop exposes no
 * cluster-safety endpoint, so its own log is the evidence; a short settle time then lets the partitions
 * migrate back before the next node goes down.
 */
final class ClusterWatch {

    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final ManagedProcess node;
    private final long offset;

    /** Remembers where the node's log ends now, so only what it logs after the restart counts. */
    ClusterWatch(ManagedProcess node) {
        this.node = node;
        this.offset = size(node.logFile());
    }

    /** @return a line saying what was seen, for the run's events */
    String awaitMembers(int members, Duration timeout) throws InterruptedException {
        String wanted = "Members {size:" + members + ",";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logSinceRestart().contains(wanted)) {
                Thread.sleep(SETTLE.toMillis());
                return node.name() + " rejoined the cluster (" + members + " members), settled " + SETTLE.toSeconds() + " s";
            }
            Thread.sleep(200);
        }
        return node.name() + ": no member list of " + members + " in its log within " + timeout.toSeconds()
                + " s; went on without that evidence";
    }

    private String logSinceRestart() {
        Path log = node.logFile();
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
