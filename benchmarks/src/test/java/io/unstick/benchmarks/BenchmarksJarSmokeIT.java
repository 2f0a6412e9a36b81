package io.unstick.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unstick.benchmarks.routing.RoutingBenchmark;
import io.unstick.benchmarks.session.SessionDeltaBenchmark;
import io.unstick.benchmarks.session.SealingBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged benchmarks jar the way {@code ./unstick bench micro --smoke} does and checks that every
 * benchmark ran and scored. Not a speed test: the figures of a run this short mean nothing.
 */
class BenchmarksJarSmokeIT {

    private static final List<String> SMOKE = List.of("-f", "1", "-wi", "0", "-i", "1", "-r", "200ms", "-prof", "gc");

    @Test
    void everyBenchmarkRunsAndScores(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("benchmarks.jar", "target/unstick-benchmarks.jar")));
        command.addAll(SMOKE);
        command.addAll(List.of("-rf", "json", "-rff", json.toString()));
        Process jmh = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jmh.log").toFile()).start();

        assertThat(jmh.waitFor(5, TimeUnit.MINUTES)).as("the smoke run ends within 5 minutes").isTrue();
        assertThat(jmh.exitValue()).as("exit code; output in %s", dir.resolve("jmh.log")).isZero();
        Map<String, Double> scores = scores(json.toFile());
        assertThat(scores.keySet()).containsExactlyInAnyOrderElementsOf(benchmarkNames());
        scores.forEach((name, score) -> assertThat(score).as(name).isPositive());
    }

    private static Map<String, Double> scores(File json) throws Exception {
        Map<String, Double> scores = new HashMap<>();
        for (JsonNode result : new ObjectMapper().readTree(json)) {
            scores.put(result.get("benchmark").asText(), result.get("primaryMetric").get("score").asDouble());
        }
        return scores;
    }

    private static List<String> benchmarkNames() {
        return Stream.of(RoutingBenchmark.class, SessionDeltaBenchmark.class, SealingBenchmark.class)
                .flatMap(type -> Stream.of(type.getDeclaredMethods())
                        .filter(m -> m.isAnnotationPresent(Benchmark.class))
                        .map(Method::getName)
                        .map(name -> type.getName() + "." + name))
                .toList();
    }
}
