package io.unstick.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code UNSTICK_*} variables the processes that compose runs can read: every {@code "UNSTICK_..."} string
 * literal in the main sources of the shop, the balancer and the session store. (The lab is left out on purpose:
 * it does not run in a container, and its literals are mostly variables it sets for its child processes, which
 * would prove nothing about a reader.)
 */
final class CodeVariables {

    /** The modules whose processes read the variables: the shop node (with its session store) and the balancer. */
    static final List<String> READER_MODULES = List.of("sample-app", "session-store", "balancer");

    private static final Pattern LITERAL = Pattern.compile("\"(UNSTICK_[A-Z0-9_]+)\"");

    private CodeVariables() {
    }

    static Set<String> readIn(Path repoRoot) {
        Set<String> names = new TreeSet<>();
        for (String module : READER_MODULES) {
            Path sources = repoRoot.resolve(module).resolve("src/main");
            if (!Files.isDirectory(sources)) {
                throw new AssertionError("Expected the main sources of " + module + " at " + sources);
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> collect(f, names));
            } catch (IOException e) {
                throw new UncheckedIOException("Reading " + sources, e);
            }
        }
        return names;
    }

    private static void collect(Path file, Set<String> into) {
        try {
            Matcher m = LITERAL.matcher(Files.readString(file));
            while (m.find()) {
                into.add(m.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + file, e);
        }
    }
}
