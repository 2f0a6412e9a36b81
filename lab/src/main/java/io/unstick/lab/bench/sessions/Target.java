package io.unstick.lab.bench.sessions;

/**
 * One of issue 7's targets, checked against this run. Reported, never asserted: benchmarks are not tests.
 *
 * @param target   what should hold, e.g. "shared throughput >= 0.85x sticky"
 * @param measured what this run measured
 * @param met      whether it held, or {@code null} when the run lacks a mode it needs
 */
public record Target(String target, String measured, Boolean met) {
}
