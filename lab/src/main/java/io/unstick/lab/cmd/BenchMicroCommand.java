package io.unstick.lab.cmd;

import io.unstick.lab.LabMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./unstick bench micro}: the JMH micro-benchmarks of the hot paths (benchmarks/), with allocation
 * per operation from JMH's GC profiler.
 *
 * <pre>
 * ./unstick bench micro                          # all benchmarks: -f 1 -wi 3 -i 5 -prof gc, about 2 minutes
 * ./unstick bench micro Routing -i 10            # JMH arguments pass through: a name regex, iterations, ...
 * ./unstick bench micro --smoke --out /tmp/m     # seconds long, for CI
 * </pre>
 *
 * Writes {@code DIR/jmh.json} (JMH's own format) and {@code DIR/jmh.log}, prints a summary; exits with JMH's code.
 */
@Command(name = "micro", description = {
        "Run the JMH micro-benchmarks of the balancer's routing decision and the session store's request delta.",
        "The routing decision is the cookie verification; the delta, serialization and hashing at the end of a"
                + " request. Other arguments go to JMH, e.g. a name regex or -i 10.",
        "Writes jmh.json and jmh.log to --out and prints ns/op and bytes allocated per op."})
public final class BenchMicroCommand implements Callable<Integer> {

    static final String JAR = "benchmarks/target/unstick-benchmarks.jar";
    /** Enough for figures within a few percent on a quiet machine; JMH arguments given on the command line win. */
    private static final Map<String, String> DEFAULTS = defaults("-f", "1", "-wi", "3", "-i", "5", "-prof", "gc");
    /** One short iteration, no warm-up: proves every benchmark still runs, measures nothing. */
    private static final Map<String, String> SMOKE = defaults("-f", "1", "-wi", "0", "-i", "1", "-r", "200ms",
            "-prof", "gc");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec command;

    @Option(names = "--smoke", description = "A few seconds per benchmark, no warm-up: keeps the command working in CI.")
    private boolean smoke;

    @Option(names = "--out", description = "Folder for jmh.json and jmh.log (default runs/bench-micro-<time>).")
    private Path out;

    @CommandLine.Unmatched
    private List<String> jmhArguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        LabMain lab = (LabMain) command.parent().parent().userObject();
        Path jar = lab.home().resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with ./mvnw -B -q -pl benchmarks -am package"
                    + " -DskipTests");
        }
        Path dir = out != null ? out.toAbsolutePath().normalize() : lab.runsDir().resolve("bench-micro-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        Path json = dir.resolve("jmh.json");
        Path log = dir.resolve("jmh.log");
        List<String> args = jmhCommand(jar, json);
        System.out.println("running " + String.join(" ", args.subList(2, args.size())));
        System.out.println("JMH output: " + log);
        int exit = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        if (exit != 0 || !Files.isRegularFile(json)) {
            System.err.println("unstick: JMH failed (exit " + exit + "); see " + log);
            return exit != 0 ? exit : 1;
        }
        System.out.println();
        System.out.print(MicroBenchSummary.render(json));
        System.out.println();
        System.out.println("results: " + json + (smoke ? " (smoke run: the figures mean nothing)" : ""));
        return 0;
    }

    private List<String> jmhCommand(Path jar, Path json) {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        (smoke ? SMOKE : DEFAULTS).forEach((flag, value) -> {
            if (!jmhArguments.contains(flag)) {
                args.add(flag);
                args.add(value); // JMH rejects an option given twice
            }
        });
        args.addAll(jmhArguments);
        args.addAll(List.of("-rf", "json", "-rff", json.toString()));
        return args;
    }

    private static Map<String, String> defaults(String... flagsAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < flagsAndValues.length; i += 2) {
            map.put(flagsAndValues[i], flagsAndValues[i + 1]);
        }
        return map;
    }
}
