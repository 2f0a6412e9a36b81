package io.unstick.lab.compare.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The modes side by side, one column each, as plain text for the terminal (and the rows of the HTML table). */
public final class SummaryTable {

    private SummaryTable() {
    }

    /** A row: its label and one cell per run. */
    public record Row(String label, List<String> cells) {
    }

    public static List<Row> rows(List<RunResult> runs) {
        List<Row> rows = new ArrayList<>();
        if (runs.stream().anyMatch(r -> r.faultAtS() != null)) {
            rows.add(row("fault window (s)", runs, SummaryTable::faultWindow));
        }
        rows.add(row("throughput (2xx/s)", runs, r -> fmt("%.1f", r.throughputRps())));
        rows.add(row("requests", runs, r -> fmt("%,d", r.requests())));
        rows.add(row("latency p50 (ms)", runs, r -> fmt("%.1f", r.latencyMs().p50())));
        rows.add(row("latency p95 (ms)", runs, r -> fmt("%.1f", r.latencyMs().p95())));
        rows.add(row("latency p99 (ms)", runs, r -> fmt("%.1f", r.latencyMs().p99())));
        rows.add(row("latency max (ms)", runs, r -> fmt("%,.0f", r.latencyMs().max())));
        rows.add(row("errors", runs, r -> fmt("%,d", r.errors())));
        for (String kind : errorKinds(runs)) {
            rows.add(row("  " + kind, runs, r -> fmt("%,d", r.errorsByStatus().getOrDefault(kind, 0L))));
        }
        rows.add(row("lost cart items", runs, r -> fmt("%,d", r.lostCartItems())));
        rows.add(row("resurrected cart items", runs, r -> fmt("%,d", r.resurrectedCartItems())));
        rows.add(row("divergent answers", runs, r -> fmt("%,d", r.divergentAnswers())));
        rows.add(row("session resets", runs, r -> fmt("%,d", r.sessionResets())));
        rows.add(row("  balancer count*", runs, r -> fmt("%,d", r.balancerSessionResets())));
        rows.add(row("re-logins", runs, r -> fmt("%,d", r.relogins())));
        rows.add(row("lost with a login's answer", runs, r -> fmt("%,d", r.sessionsLostWithLoginAnswer())
                + fmt(" (%,d items)", r.cartItemsLostWithLoginAnswer())));
        rows.add(row("node share (%)", runs, r -> r.nodeShare().values().stream()
                .map(v -> fmt("%.0f", v * 100)).collect(Collectors.joining("/"))));
        rows.add(row("node share CV", runs, r -> fmt("%.2f", r.nodeShareCv())));
        rows.add(row("  before the fault", runs, r -> fmt("%.2f", r.nodeShareCvBeforeFault())));
        rows.add(row("recovery (s)", runs, r -> r.recoverySeconds() == null ? "-" : fmt("%.1f", r.recoverySeconds())));
        return rows;
    }

    public static String render(List<RunResult> runs) {
        List<Row> rows = rows(runs);
        int labelWidth = rows.stream().mapToInt(r -> r.label().length()).max().orElse(0);
        int cellWidth = Math.max(10, rows.stream().flatMap(r -> r.cells().stream()).mapToInt(String::length).max().orElse(0));
        StringBuilder text = new StringBuilder();
        text.append(" ".repeat(labelWidth));
        runs.forEach(r -> text.append("  ").append(pad(r.mode(), cellWidth)));
        text.append('\n');
        for (Row row : rows) {
            text.append(row.label()).append(" ".repeat(labelWidth - row.label().length()));
            row.cells().forEach(cell -> text.append("  ").append(pad(cell, cellWidth)));
            text.append('\n');
        }
        text.append("* the balancer's ").append("unstick_session_resets_total")
                .append(": session resets plus the id change of each login (logins seen: ")
                .append(runs.stream().map(r -> r.mode() + " " + r.sessionIdChangesByLogin()).collect(Collectors.joining(", ")))
                .append(")\n");
        return text.toString();
    }

    /** The kinds of error any run saw, statuses first in numeric order, then timeout, io and the rest. */
    static List<String> errorKinds(List<RunResult> runs) {
        return runs.stream().flatMap(r -> r.errorsByStatus().entrySet().stream())
                .filter(e -> e.getValue() > 0).map(Map.Entry::getKey).distinct()
                .sorted(Comparator.comparing((String kind) -> !kind.chars().allMatch(Character::isDigit))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** {@code 8.0-18.1}, or {@code 8.0-} when the fault did not finish, or {@code -} without a fault. */
    private static String faultWindow(RunResult run) {
        if (run.faultAtS() == null) {
            return "-";
        }
        return fmt("%.1f", run.faultAtS()) + "-" + (run.faultEndS() == null ? "" : fmt("%.1f", run.faultEndS()));
    }

    private static Row row(String label, List<RunResult> runs, Function<RunResult, String> cell) {
        return new Row(label, runs.stream().map(cell).toList());
    }

    private static String pad(String value, int width) {
        return " ".repeat(Math.max(0, width - value.length())) + value;
    }

    private static String fmt(String format, Object value) {
        return String.format(Locale.ROOT, format, value);
    }
}
