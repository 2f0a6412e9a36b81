package io.unstick.lab.compare;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people write them on a command line: {@code 60s}, {@code 2m}, {@code 500ms}, {@code 90} (seconds). */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m)?");

    private Durations() {
    }

    /**
     * The option as given, else its default for a short run ({@code --smoke}, {@code --quick}) or a normal one.
     */
    public static Duration parseOrDefault(String option, String given, boolean shortRun, String normal,
                                          String shortDefault) {
        return parse(option, given != null ? given : shortRun ? shortDefault : normal);
    }

    public static Duration parse(String option, String text) {
        Matcher matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(option + " takes a duration like 60s, 2m or 500ms, not '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
