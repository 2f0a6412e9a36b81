package io.unstick.lab.bench.balancer;

import java.util.List;

/**
 * Every proxy within one CPU budget.
 *
 * @param fixedRate the rate of the fixed-rate runs, req/s: a share of HAProxy's max in this budget
 */
public record BudgetResult(int threads, String proxyCpus, String loadCpus, boolean separated, String placement,
                           double fixedRate, List<ProxyResult> proxies) {
}
