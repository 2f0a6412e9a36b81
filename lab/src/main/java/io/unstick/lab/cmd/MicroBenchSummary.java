package io.unstick.lab.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/** The table {@code bench micro} prints from JMH's JSON: time per operation and, with -prof gc, bytes per op. */
final class MicroBenchSummary {

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private MicroBenchSummary() {
    }

    static String render(Path jmhJson) throws IOException {
        StringBuilder table = new StringBuilder(String.format("%-48s %16s %12s%n", "benchmark", "time/op", "alloc/op"));
        for (JsonNode result : new ObjectMapper().readTree(jmhJson.toFile())) {
            JsonNode time = result.get("primaryMetric");
            JsonNode alloc = result.path("secondaryMetrics").path(ALLOCATION);
            table.append(String.format("%-48s %16s %12s%n", shortName(result.get("benchmark").asText()),
                    withError(time) + " " + time.get("scoreUnit").asText(),
                    alloc.isMissingNode() ? "-" : String.format("%.0f B", alloc.get("score").asDouble())));
        }
        return table.toString();
    }

    /** {@code io.unstick.benchmarks.routing.RoutingBenchmark.cookieBound} → {@code RoutingBenchmark.cookieBound} */
    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
    }

    /** JMH reports no error for a single iteration (NaN). */
    private static String withError(JsonNode metric) {
        double error = metric.get("scoreError").asDouble();
        String score = String.format("%.0f", metric.get("score").asDouble());
        return Double.isNaN(error) ? score : score + " ± " + String.format("%.0f", error);
    }
}
