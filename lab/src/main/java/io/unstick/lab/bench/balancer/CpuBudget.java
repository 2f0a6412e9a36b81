package io.unstick.lab.bench.balancer;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPUs a proxy gets ({@code taskset -c}) and where the load generator and backends go: the CPUs left over,
 * or, when the machine has no CPU left over, the same ones (then they compete with the proxy).
 *
 * @param threads the proxy's threads or workers
 */
public record CpuBudget(int threads, String proxyCpus, String loadCpus, boolean separated) {

    public static CpuBudget of(int threads, int machineCpus) {
        String proxy = threads == 1 ? "0" : "0-" + (Math.min(threads, machineCpus) - 1);
        if (machineCpus > threads) {
            String rest = machineCpus - 1 == threads ? String.valueOf(threads) : threads + "-" + (machineCpus - 1);
            return new CpuBudget(threads, proxy, rest, true);
        }
        return new CpuBudget(threads, proxy, "0-" + (machineCpus - 1), false);
    }

    /** The command prefixed with {@code taskset -c CPUS}. */
    public List<String> pinProxy(List<String> command) {
        return pin(proxyCpus, command);
    }

    public List<String> pinLoad(List<String> command) {
        return pin(loadCpus, command);
    }

    private static List<String> pin(String cpus, List<String> command) {
        List<String> pinned = new ArrayList<>(List.of(RequiredTools.path("taskset"), "-c", cpus));
        pinned.addAll(command);
        return pinned;
    }

    public String describe() {
        return separated
                ? "proxy on CPU " + proxyCpus + ", load generator and backends on CPU " + loadCpus
                : "proxy on CPU " + proxyCpus + "; this machine has no CPU left over, so the load generator and backends"
                  + " share the proxy's CPUs (" + loadCpus + ") and the figures understate every proxy";
    }
}
