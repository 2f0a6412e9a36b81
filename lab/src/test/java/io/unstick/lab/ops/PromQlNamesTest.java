package io.unstick.lab.ops;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "unstick_node_up == 0                                                              | unstick_node_up",
            "up{job=\"unstick-balancer\"} == 0                                                 | up",
            "sum by (node) (rate(unstick_requests_total{status=\"5xx\"}[5m]))                  | unstick_requests_total",
            "max without (node) (unstick_node_up) == 0                                         | unstick_node_up",
            "histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=\"x\"}[$__rate_interval])))  | a_bucket",
            "rate(a_total[5m]) / (rate(b_total[5m]) > 0) > 0.01                                | a_total b_total",
            "a / on (instance) group_left (node) b and c unless d offset 1h                    | a b c d",
            "sum(rate(x{a=\"1\", b=~\"y.+\"}[1m:10s])) or vector(0)                            | x",
            "changes(unstick_node_up[15m]) > 4                                                 | unstick_node_up",
            "sum by (instance) (jvm_memory_used_bytes{job=\"n\", area=\"heap\"}) > 1e9         | jvm_memory_used_bytes",
    })
    void findsTheMetricNamesAndNothingElse(String expression, String names) {
        assertThat(PromQlNames.of(expression)).isEqualTo(new TreeSet<>(Arrays.asList(names.split(" "))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "unstick_node_up == 0                                                              | unstick_node_up=",
            "up{job=\"unstick-balancer\"} == 0                                                 | up=job",
            "sum by (node) (rate(unstick_requests_total{status=\"5xx\"}[5m]))                  | unstick_requests_total=node,status",
            "sum without (node, status) (rate(r{status=\"5xx\"}[5m])) / sum without (node, status) (rate(r[5m])) | r=node,status",
            "histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=\"x\"}[$__rate_interval])))  | a_bucket=job,le",
            "rate(a_total{x=~\"a,b=c\"}[5m]) / on (instance) (rate(b_total{y!=\"}\"}[5m]) > 0)       | a_total=x b_total=y",
            "sum by (instance) (jvm_memory_used_bytes{job=\"n\", area=\"heap\"}) > 1e9         | jvm_memory_used_bytes=area,instance,job",
    })
    void findsTheLabelsItReadsOfEachMetric(String expression, String labels) {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String metric : labels.split(" ")) {
            String[] nameLabels = metric.split("=", -1);
            expected.put(nameLabels[0], nameLabels[1].isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(nameLabels[1].split(","))));
        }
        assertThat(PromQlNames.labels(expression)).isEqualTo(expected);
    }
}
