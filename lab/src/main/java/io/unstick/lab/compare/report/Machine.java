package io.unstick.lab.compare.report;

/**
 * Where the comparison ran, as {@code machine} in report.json, and whether the load generator itself was short
 * of CPU (then the modes' differences may be the generator's).
 *
 * @param cores                   available processors
 * @param memoryMb                physical memory
 * @param os                      name and version
 * @param java                    the lab's Java runtime
 * @param loadGeneratorCpuMean    the lab's mean CPU over all runs, share of all cores (0..1)
 * @param loadGeneratorCpuMax     its highest one-second value
 * @param machineCpuMean          the whole machine's mean CPU over all runs (0..1)
 * @param loadGeneratorBottleneck true when the generator used more than half the machine, or more than a quarter
 *                                of it while the machine was above 90 %
 * @param note                    the same in words
 */
public record Machine(int cores, long memoryMb, String os, String java, double loadGeneratorCpuMean,
                      double loadGeneratorCpuMax, double machineCpuMean, boolean loadGeneratorBottleneck, String note) {
}
