package io.unstick.balancer.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reads from an environment map. Every failure is a {@link ConfigException} naming the variable,
 * so a typo in a deployment says exactly which line to fix.
 */
final class EnvReader {

    private final Map<String, String> env;

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** The trimmed value, or {@code null} when unset or blank. */
    String raw(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    String string(String name, String fallback) {
        String value = raw(name);
        return value == null ? fallback : value;
    }

    <T> T parsed(String name, T fallback, Function<String, T> parser) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "expected a number, got '" + value + "'");
        } catch (RuntimeException e) {
            throw new ConfigException(name, e.getMessage());
        }
    }

    int port(String name, int fallback) {
        return parsed(name, fallback, v -> range(Integer.parseInt(v), 0, 65535));
    }

    int positiveInt(String name, int fallback) {
        return parsed(name, fallback, v -> range(Integer.parseInt(v), 1, Integer.MAX_VALUE));
    }

    int nonNegativeInt(String name, int fallback) {
        return parsed(name, fallback, v -> range(Integer.parseInt(v), 0, Integer.MAX_VALUE));
    }

    boolean bool(String name, boolean fallback) {
        return parsed(name, fallback, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + v + "'");
        });
    }

    /** A duration with a unit: {@code 500ms}, {@code 2s}, {@code 30m}, {@code 1h}, {@code 365d}; {@code 0} turns a feature off. */
    Duration duration(String name, Duration fallback) {
        return parsed(name, fallback, EnvReader::parseDuration);
    }

    /** A size in bytes with an optional unit: {@code 65536}, {@code 32k}, {@code 128m}, {@code 1g}. */
    long size(String name, long fallback) {
        return parsed(name, fallback, EnvReader::parseSize);
    }

    static Duration parseDuration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (v.endsWith("ms")) {
                return nonNegative(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return nonNegative(switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            }, value);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 2s, 30m, 1h or 365d, got '" + value + "'");
        }
    }

    static long parseSize(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        String digits = unit == 1L ? v : v.substring(0, v.length() - 1);
        try {
            long amount = Long.parseLong(digits);
            if (amount <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(amount, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a positive size such as 65536, 32k, 128m or 1g, got '" + value + "'");
        }
    }

    private static Duration nonNegative(Duration d, String value) {
        if (d.isNegative()) {
            throw new NumberFormatException(value);
        }
        return d;
    }

    private static int range(int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("expected a number from " + min + " to " + max + ", got " + value);
        }
        return value;
    }
}
