package io.unstick.lab.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.unstick.lab.LabMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * picocli formats help lines with {@code String.format}; a bare {@code %} makes it print a warning to stderr
 * instead of the help. Renders every command's help and expects no warning.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        StringWriter help = new StringWriter();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            render(new CommandLine(new LabMain()), new PrintWriter(help));
        } finally {
            System.setErr(original);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertTrue(help.toString().contains("Usage: unstick bench sessions"), "every command's help was rendered");
    }

    @Test
    void everyCommandsSummaryIsACompleteSentence() {
        // The command lists show only the first line of each description: it must not stop mid-sentence.
        forEach(new CommandLine(new LabMain()), command -> {
            String[] description = command.getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0, command.getCommandName() + " has a description");
            assertTrue(description[0].strip().matches(".*[.?!]"),
                    "the summary of '" + command.getCommandSpec().qualifiedName() + "' is a whole sentence: " + description[0]);
        });
    }

    private static void forEach(CommandLine command, Consumer<CommandLine> check) {
        check.accept(command);
        command.getSubcommands().values().forEach(sub -> forEach(sub, check));
    }

    private static void render(CommandLine command, PrintWriter out) {
        command.usage(out);
        command.getSubcommands().values().forEach(sub -> render(sub, out));
    }
}
