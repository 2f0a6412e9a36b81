package io.unstick.lab.compare.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleBiFunction;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no network) with the verdict, the table,
 * throughput and latency over time with the fault marked, per-node shares and losses per mode.
 */
final class HtmlReport {

    private static final String TEMPLATE = "/io/unstick/lab/compare/report.html";
    private static final Map<String, String> COLORS = Map.of("sticky", "#d9534f", "shared", "#337ab7", "hybrid", "#3c9a4a",
            "delta", "#8e6c8a", "backup", "#e08e0b", "redis", "#a94442", "redis-default", "#6f5499");

    String render(Report report) {
        List<RunResult> runs = report.runs();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("modes", String.join(" vs ", runs.stream().map(RunResult::mode).toList()));
        Report.Settings s = report.settings();
        values.put("subtitle", fmt("fault: %s%s · %d nodes · %d shoppers · %.0f s per mode after %.0f s warm-up · think %.0f ms"
                + " · skew %.2f · seed %d%s", s.fault(), s.faultForS() == null ? "" : fmt(" for %.0f s", s.faultForS()),
                s.nodes(), s.shoppers(), s.durationS(), s.warmupS(), s.thinkMs(), s.skew(), report.seed(),
                s.quick() ? " · quick" : ""));
        values.put("verdict", String.join("\n", report.verdict().stream().map(v -> "<li>" + Html.escape(v) + "</li>").toList()));
        values.put("table", table(runs));
        values.put("throughputChart", SvgCharts.lines("requests / s", "seconds",
                series(runs, (p, width) -> p.requests() / width), markers(runs)));
        values.put("latencyChart", SvgCharts.lines("p95 ms", "seconds", series(runs, (p, width) -> p.p95Ms()), markers(runs)));
        values.put("longestChart", SvgCharts.lines("longest wait, ms", "seconds", series(runs, (p, width) -> p.maxMs()),
                markers(runs)));
        values.put("errorChart", SvgCharts.lines("failed requests / s", "seconds",
                series(runs, (p, width) -> p.errors() / width), markers(runs)));
        values.put("shareChart", shareChart(runs));
        values.put("lossChart", lossChart(runs));
        values.put("events", events(runs));
        values.put("machine", machine(report.machine()));
        values.put("generatedAt", Html.escape(report.generatedAt()));
        String html = template();
        for (Map.Entry<String, String> value : values.entrySet()) {
            html = html.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        return html;
    }

    private static String table(List<RunResult> runs) {
        StringBuilder html = new StringBuilder("<table><thead><tr><th></th>");
        runs.forEach(r -> html.append("<th><span class='swatch' style='background:").append(color(r.mode())).append("'></span>")
                .append(Html.escape(r.mode())).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (SummaryTable.Row row : SummaryTable.rows(runs)) {
            html.append("<tr><td>").append(Html.escape(row.label().trim())).append("</td>");
            row.cells().forEach(cell -> html.append("<td>").append(Html.escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** One line per run; the value of a point may use the width of its interval (seconds) to make a rate. */
    private static List<SvgCharts.Series> series(List<RunResult> runs, ToDoubleBiFunction<TimelinePoint, Double> value) {
        List<SvgCharts.Series> series = new ArrayList<>();
        for (RunResult run : runs) {
            List<double[]> points = new ArrayList<>();
            double previous = 0;
            for (TimelinePoint p : run.timeline()) {
                double width = Math.max(0.1, p.t() - previous);
                points.add(new double[] {p.t(), value.applyAsDouble(p, width)});
                previous = p.t();
            }
            series.add(new SvgCharts.Series(run.mode(), color(run.mode()), points));
        }
        return series;
    }

    private static List<SvgCharts.Marker> markers(List<RunResult> runs) {
        List<SvgCharts.Marker> markers = new ArrayList<>();
        for (RunResult run : runs) {
            if (run.faultAtS() != null) {
                markers.add(new SvgCharts.Marker(run.faultAtS(), run.faultEndS(), color(run.mode()),
                        markers.isEmpty() ? run.fault() : ""));
            }
        }
        return markers;
    }

    private static String shareChart(List<RunResult> runs) {
        Set<String> nodes = new TreeSet<>();
        runs.forEach(r -> nodes.addAll(r.nodeShare().keySet()));
        List<SvgCharts.BarGroup> groups = runs.stream().map(r -> new SvgCharts.BarGroup(r.mode(),
                nodes.stream().map(n -> r.nodeShare().getOrDefault(n, 0.0)).toList())).toList();
        return SvgCharts.bars("share of requests, %", List.copyOf(nodes), groups, colors(runs), true);
    }

    private static String lossChart(List<RunResult> runs) {
        List<SvgCharts.BarGroup> groups = runs.stream().map(r -> new SvgCharts.BarGroup(r.mode(), List.of(
                (double) r.lostCartItems(), (double) r.resurrectedCartItems(), (double) r.divergentAnswers(),
                (double) r.sessionResets(), (double) r.relogins(), (double) r.sessionsLostWithLoginAnswer(),
                (double) r.errors()))).toList();
        return SvgCharts.bars("count", List.of("lost items", "resurrected", "divergent", "resets", "re-logins",
                "lost w/ login", "failed"), groups, colors(runs), false);
    }

    private static String events(List<RunResult> runs) {
        StringBuilder html = new StringBuilder();
        for (RunResult run : runs) {
            html.append("<p><strong>").append(Html.escape(run.mode())).append("</strong>");
            if (run.faultEvents().isEmpty()) {
                html.append(": no fault injected.</p>");
                continue;
            }
            html.append("</p><ul class='events'>");
            run.faultEvents().forEach(e -> html.append("<li>").append(fmt("%.1f s: ", e.atS())).append(Html.escape(e.what())).append("</li>"));
            if (run.faultError() != null) {
                html.append("<li><strong>the fault failed:</strong> ").append(Html.escape(run.faultError())).append("</li>");
            }
            html.append("</ul>");
        }
        return html.toString();
    }

    private static String machine(Machine m) {
        return String.join("\n",
                "<li>" + m.cores() + " cores, " + m.memoryMb() + " MB, " + Html.escape(m.os()) + ", " + Html.escape(m.java()) + "</li>",
                "<li>" + Html.escape(m.note()) + "</li>");
    }

    private static List<String> colors(List<RunResult> runs) {
        return runs.stream().map(r -> color(r.mode())).toList();
    }

    private static String color(String mode) {
        return COLORS.getOrDefault(mode, "#888888");
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the lab jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE, e);
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
