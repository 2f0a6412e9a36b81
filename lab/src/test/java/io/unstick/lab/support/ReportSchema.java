package io.unstick.lab.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON Schema of report.json that the lab ships, ready to validate a report. */
public final class ReportSchema {

    private static final String PATH = "/io/unstick/lab/compare/report.schema.json";

    private ReportSchema() {
    }

    /** @return the violations, each as "location: message"; empty when the report is valid */
    public static List<String> violations(JsonNode report) {
        try (InputStream in = ReportSchema.class.getResourceAsStream(PATH)) {
            if (in == null) {
                throw new IllegalStateException(PATH + " is not on the class path");
            }
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            return schema.validate(report).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
