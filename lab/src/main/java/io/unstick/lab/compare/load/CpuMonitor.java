package io.unstick.lab.compare.load;

import java.lang.management.ManagementFactory;

/**
 * The load generator's own CPU use and the machine's, as shares of all cores (0..1), so a report can say
 * whether the shoppers or the stack were short of CPU.
 */
public final class CpuMonitor {

    private final com.sun.management.OperatingSystemMXBean os;

    public CpuMonitor() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean)) {
            throw new IllegalStateException("this JVM does not report process CPU load (com.sun.management is missing)");
        }
        this.os = bean;
    }

    /** This process's CPU load since the last call, 0..1 of all cores; negative when not yet known. */
    public double processLoad() {
        return os.getProcessCpuLoad();
    }

    /** The whole machine's CPU load since the last call, 0..1; negative when not yet known. */
    public double machineLoad() {
        return os.getCpuLoad();
    }

    public int cores() {
        return os.getAvailableProcessors();
    }

    public long memoryBytes() {
        return os.getTotalMemorySize();
    }
}
