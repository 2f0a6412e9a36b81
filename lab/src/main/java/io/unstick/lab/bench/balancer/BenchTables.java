package io.unstick.lab.bench.balancer;

import java.util.Locale;
import java.util.function.Function;

/** The figures as a plain-text table for the terminal and as a markdown table for docs/BENCHMARKS.md. */
public final class BenchTables {

    private static final String[] HEADERS = {"proxy", "max req/s", "×HAProxy", "fixed req/s", "p50 ms", "p99 ms", "×HAProxy",
            "CPU s/s per 1k req/s", "×HAProxy", "errors"};

    private BenchTables() {
    }

    public static String text(BenchBalancerReport report) {
        StringBuilder text = new StringBuilder();
        for (BudgetResult budget : report.budgets()) {
            text.append(String.format(Locale.ROOT, "%nbudget %d thread(s): %s%nlatency and CPU at a fixed %,.0f req/s"
                    + " (%.0f %% of HAProxy's max); a proxy whose fixed req/s falls short could not keep that rate%n", budget.threads(), budget.placement(), budget.fixedRate(),
                    report.fixedRateShareOfHaproxy() * 100));
            text.append(String.format("%-24s %10s %9s %11s %8s %8s %9s %21s %9s %7s%n", (Object[]) HEADERS));
            for (ProxyResult r : budget.proxies()) {
                String[] cells = cells(r);
                text.append(String.format("%-24s %10s %9s %11s %8s %8s %9s %21s %9s %7s%n", (Object[]) cells));
            }
        }
        return text.toString();
    }

    public static String markdown(BenchBalancerReport report) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run %s on %d CPU(s) (load average %s at the start), %s; %d connections,"
                        + " %.0f s measured after %.0f s warm-up.%n", report.date(), report.machineCpus(),
                report.loadAverageAtStart(), report.haproxyVersion() + ", " + report.nginxVersion(),
                report.connections(), report.durationSeconds(), report.warmupSeconds()));
        for (BudgetResult budget : report.budgets()) {
            md.append(String.format(Locale.ROOT, "%n**%d thread(s)** — %s. Latency and CPU at a fixed %,.0f req/s.%n%n",
                    budget.threads(), budget.placement(), budget.fixedRate()));
            md.append("| ").append(String.join(" | ", HEADERS)).append(" |\n");
            md.append("|---".repeat(HEADERS.length)).append("|\n");
            for (ProxyResult r : budget.proxies()) {
                md.append("| ").append(String.join(" | ", cells(r))).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String[] cells(ProxyResult r) {
        ProxyResult.Ratios x = r.vsHaproxy();
        return new String[] {r.proxy(),
                fmt("%,.0f", r.max().requestsPerSecond()), ratio(x, ProxyResult.Ratios::maxRps),
                fmt("%,.0f", r.fixed().requestsPerSecond()), fmt("%.2f", r.fixed().p50Ms()), fmt("%.2f", r.fixed().p99Ms()), ratio(x, ProxyResult.Ratios::fixedP99),
                r.cpuPer1kAtFixed() == null ? "-" : fmt("%.3f", r.cpuPer1kAtFixed()),
                x == null || x.cpuPer1kAtFixed() == null ? "-" : fmt("%.2f", x.cpuPer1kAtFixed()),
                fmt("%,d", r.max().errors() + r.fixed().errors())};
    }

    private static String ratio(ProxyResult.Ratios ratios, Function<ProxyResult.Ratios, Double> pick) {
        return ratios == null ? "-" : fmt("%.2f", pick.apply(ratios));
    }

    private static String fmt(String format, Object value) {
        return String.format(Locale.ROOT, format, value);
    }
}
