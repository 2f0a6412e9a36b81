package io.unstick.lab.bench.balancer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code hey -z D -c C -q R}: C workers, R requests per second each: the same fixed rate for every proxy. */
public final class Hey {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern STATUS = Pattern.compile("\\[(\\d{3})]\\s+(\\d+) responses");
    private static final Pattern ERROR_LINE = Pattern.compile("^\\s+\\[(\\d+)]\\s+Get ", Pattern.MULTILINE);

    private Hey() {
    }

    /** @param rate requests per second in all, spread over the workers */
    public static List<String> command(int port, int workers, double rate, Duration duration, Optional<String> cookie) {
        List<String> command = new ArrayList<>(List.of(RequiredTools.path("hey"), "-z", duration.toSeconds() + "s",
                "-c", String.valueOf(workers), "-q", String.format(Locale.ROOT, "%.3f", rate / workers), "-t", "5"));
        cookie.ifPresent(c -> command.addAll(List.of("-H", "Cookie: " + c)));
        command.add("http://127.0.0.1:" + port + "/");
        return command;
    }

    public static LoadResult run(ToolRun tool, List<String> command, Duration duration, Path output) {
        return parse(tool.run(command, duration.plusSeconds(30), output));
    }

    static LoadResult parse(String output) {
        long ok = 0;
        long errors = 0;
        Matcher status = STATUS.matcher(output);
        while (status.find()) {
            long count = Long.parseLong(status.group(2));
            if (status.group(1).startsWith("2") || status.group(1).startsWith("3")) {
                ok += count;
            } else {
                errors += count;
            }
        }
        Matcher failed = ERROR_LINE.matcher(output);
        while (failed.find()) {
            errors += Long.parseLong(failed.group(1));
        }
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            throw new IllegalStateException("cannot read hey's output:\n" + output);
        }
        return new LoadResult(Double.parseDouble(rps.group(1)), percentile(output, "50%"), percentile(output, "99%"),
                ok + errors, errors);
    }

    /** A line of the latency distribution, e.g. {@code 99% in 0.0012 secs}, in milliseconds. */
    private static double percentile(String output, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + " in ([\\d.]+) secs").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("hey printed no " + label + " latency (no request succeeded?):\n" + output);
        }
        return Double.parseDouble(m.group(1)) * 1000;
    }
}
