package io.unstick.lab.compare.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code report.json} and {@code report.html} into the output folder. */
public final class ReportFiles {

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** @return the path of report.json */
    public Path write(Report report, Path dir) {
        try {
            Files.createDirectories(dir);
            Path jsonFile = dir.resolve("report.json");
            json.writeValue(jsonFile.toFile(), report);
            Files.writeString(dir.resolve("report.html"), new HtmlReport().render(report), StandardCharsets.UTF_8);
            return jsonFile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }
}
