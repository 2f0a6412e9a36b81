package io.unstick.lab.bench.balancer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code bench-balancer.json} and {@code bench-balancer.md} into the output folder. */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static Path write(BenchBalancerReport report, Path dir) {
        Path json = dir.resolve("bench-balancer.json");
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            Files.writeString(dir.resolve("bench-balancer.md"), BenchTables.markdown(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
        return json;
    }
}
