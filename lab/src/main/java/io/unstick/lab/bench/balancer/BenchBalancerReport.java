package io.unstick.lab.bench.balancer;

import java.util.List;

/** What {@code bench-balancer.json} holds. */
public record BenchBalancerReport(String date, int machineCpus, String loadAverageAtStart, String javaVersion, String haproxyVersion,
                                  String nginxVersion, int connections, double warmupSeconds, double durationSeconds,
                                  double fixedRateShareOfHaproxy, String method, List<BudgetResult> budgets) {
}
