package io.unstick.lab.bench.balancer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code wrk --latency}: keep-alive, fixed connections, as fast as the proxy answers. */
public final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    public static List<String> command(int port, int threads, int connections, Duration duration, Optional<String> cookie) {
        List<String> command = new ArrayList<>(List.of(RequiredTools.path("wrk"), "--latency",
                "-t", String.valueOf(Math.min(threads, connections)), "-c", String.valueOf(connections),
                "-d", duration.toSeconds() + "s", "--timeout", "5s"));
        cookie.ifPresent(c -> command.addAll(List.of("-H", "Cookie: " + c)));
        command.add("http://127.0.0.1:" + port + "/");
        return command;
    }

    public static LoadResult run(ToolRun tool, List<String> command, Duration duration, Path output) {
        return parse(tool.run(command, duration.plusSeconds(30), output));
    }

    static LoadResult parse(String output) {
        long errors = find(NON_2XX, output).map(Long::parseLong).orElse(0L);
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            // read errors are connections the server closed; a keep-alive proxy closes none
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new LoadResult(
                Double.parseDouble(find(RPS, output).orElseThrow(() -> unreadable(output))),
                percentile(output, "50%"), percentile(output, "99%"),
                Long.parseLong(find(REQUESTS, output).orElseThrow(() -> unreadable(output))), errors);
    }

    /** A line of the latency distribution, e.g. {@code 99%  1.20ms}, in milliseconds. */
    private static double percentile(String output, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)").matcher(output);
        if (!m.find()) {
            throw unreadable(output);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static Optional<String> find(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static IllegalStateException unreadable(String output) {
        return new IllegalStateException("cannot read wrk's output:\n" + output);
    }
}
