package io.unstick.lab.bench.balancer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code ./unstick bench balancer} measures: the CPU budgets (threads per proxy), how long each load runs,
 * the connections the load generators keep open, and where everything goes.
 *
 * @param rounds   every proxy is measured this many times, in turn; each figure is the median over the rounds
 * @param basePort the proxy under test listens here; the three backends on +1..+3, the balancer's admin API on +4
 * @param proxies  the contenders to measure by name (HAProxy always); empty for all but the ceiling fixture
 */
public record BenchBalancerSpec(List<Integer> budgets, Duration warmup, Duration duration, int connections,
                                double fixedRateShare, int rounds, Path outDir, Path balancerJar, int basePort,
                                boolean smoke, List<String> proxies) {

    public BenchBalancerSpec {
        budgets = List.copyOf(budgets);
        proxies = List.copyOf(proxies);
        if (budgets.isEmpty() || budgets.stream().anyMatch(n -> n < 1 || n > 64)) {
            throw new IllegalArgumentException("--threads takes budgets between 1 and 64, e.g. 1,2; got " + budgets);
        }
        if (rounds < 1 || rounds > 9) {
            throw new IllegalArgumentException("--rounds must be 1..9, got " + rounds);
        }
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("--connections must be 1..10000, got " + connections);
        }
        if (duration.toSeconds() < 1 || duration.toMinutes() > 30 || warmup.isNegative() || warmup.toMinutes() > 30) {
            throw new IllegalArgumentException("--duration must be 1 s..30 min and --warmup 0..30 min");
        }
    }

    public int backendPort(int index) {
        return basePort + 1 + index;
    }

    public int proxyPort() {
        return basePort;
    }

    public int adminPort() {
        return basePort + 4;
    }
}
