package io.unstick.lab.compare.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the numbers show, in plain sentences. Every sentence is derived from the runs; a claim is only made when
 * the numbers support it (a difference below the thresholds here is called similar).
 */
public final class Verdict {

    /** Latency differences below both are "about the same". */
    private static final double SAME_LATENCY_MS = 0.5;
    private static final double SAME_LATENCY_RATIO = 0.10;
    /** Node-share CVs closer than this are "similar". */
    private static final double SAME_CV = 0.05;

    private Verdict() {
    }

    public static List<String> of(List<RunResult> runs, Machine machine) {
        List<String> lines = new ArrayList<>();
        if (runs.isEmpty()) {
            return lines;
        }
        lines.add(losses(runs));
        divergence(runs).ifPresent(lines::add);
        lostWithLogin(runs).ifPresent(lines::add);
        latency(runs).ifPresent(lines::add);
        spread(runs).ifPresent(lines::add);
        lines.add(errors(runs));
        bottomLine(runs).ifPresent(lines::add);
        if (machine.loadGeneratorBottleneck()) {
            lines.add("Caution: " + machine.note());
        }
        return lines;
    }

    private static String losses(List<RunResult> runs) {
        String what = faultPhrase(runs.get(0).fault());
        List<RunResult> losing = runs.stream().filter(r -> r.lostCartItems() > 0 || r.sessionResets() > 0).toList();
        List<RunResult> keeping = runs.stream().filter(r -> r.lostCartItems() == 0 && r.sessionResets() == 0).toList();
        if (losing.isEmpty()) {
            return what + ", no mode lost a cart item or a session (" + modes(keeping) + ").";
        }
        String lost = losing.stream().map(Verdict::lost).collect(Collectors.joining("; "));
        return what + ", " + lost + (keeping.isEmpty() ? "." : "; " + modes(keeping) + " lost nothing.");
    }

    /**
     * Carts that went back to older states and answers that contradicted each other: what a store serving two
     * copies of a session shows. Said only when some mode had any.
     */
    private static java.util.Optional<String> divergence(List<RunResult> runs) {
        List<RunResult> diverging = runs.stream().filter(r -> r.divergentAnswers() > 0 || r.resurrectedCartItems() > 0).toList();
        if (diverging.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<RunResult> consistent = runs.stream().filter(r -> r.divergentAnswers() == 0 && r.resurrectedCartItems() == 0).toList();
        String which = diverging.stream().map(r -> String.format(Locale.ROOT, "%s %d divergent answer%s and %d resurrected"
                        + " item%s", r.mode(), r.divergentAnswers(), plural(r.divergentAnswers()), r.resurrectedCartItems(),
                plural(r.resurrectedCartItems()))).collect(Collectors.joining("; "));
        return java.util.Optional.of("Carts contradicted what the shoppers had been told (the same session answered"
                + " with two versions, or went back to an older one): " + which
                + (consistent.isEmpty() ? "." : "; none in " + modes(consistent) + "."));
    }

    /**
     * Sessions that a login took with it when its answer was lost: not a store's loss, but what a client without the
     * new id sees. Said only when some mode had any.
     */
    private static java.util.Optional<String> lostWithLogin(List<RunResult> runs) {
        List<RunResult> some = runs.stream().filter(r -> r.sessionsLostWithLoginAnswer() > 0).toList();
        if (some.isEmpty()) {
            return java.util.Optional.empty();
        }
        String which = some.stream().map(r -> String.format(Locale.ROOT, "%s %d session%s (%d cart item%s)", r.mode(),
                r.sessionsLostWithLoginAnswer(), plural(r.sessionsLostWithLoginAnswer()),
                r.cartItemsLostWithLoginAnswer(), plural(r.cartItemsLostWithLoginAnswer()))).collect(Collectors.joining("; "));
        return java.util.Optional.of("Logins whose answer was lost left shoppers with their old, retired session id"
                + " (the login renamed the session; the new id never reached them): " + which + ".");
    }

    /** e.g. "sticky lost 212 cart items and 61 sessions (30 shoppers had to log in again)". */
    private static String lost(RunResult run) {
        String items = String.format(Locale.ROOT, "%s lost %d cart item%s", run.mode(), run.lostCartItems(),
                plural(run.lostCartItems()));
        if (run.sessionResets() == 0) {
            return items + " without losing a session";
        }
        return String.format(Locale.ROOT, "%s and %d session%s (%d shopper%s had to log in again)", items,
                run.sessionResets(), plural(run.sessionResets()), run.relogins(), plural(run.relogins()));
    }

    private static java.util.Optional<String> latency(List<RunResult> runs) {
        if (runs.size() < 2) {
            return java.util.Optional.empty();
        }
        RunResult fastest = runs.stream().min(Comparator.comparingDouble(r -> r.latencyMs().p95())).orElseThrow();
        List<String> slower = new ArrayList<>();
        for (RunResult run : runs) {
            double diff = run.latencyMs().p95() - fastest.latencyMs().p95();
            if (run != fastest && diff > SAME_LATENCY_MS && diff > SAME_LATENCY_RATIO * fastest.latencyMs().p95()) {
                slower.add(String.format(Locale.ROOT, "%s %.1f ms (+%.1f ms, p50 %.1f vs %.1f ms)", run.mode(),
                        run.latencyMs().p95(), diff, run.latencyMs().p50(), fastest.latencyMs().p50()));
            }
        }
        if (slower.isEmpty()) {
            return java.util.Optional.of(String.format(Locale.ROOT, "Latency was about the same in every mode"
                    + " (p95 within %.1f ms or 10 %% of %s's %.1f ms).", SAME_LATENCY_MS, fastest.mode(), fastest.latencyMs().p95()));
        }
        boolean storeSlower = runs.stream().anyMatch(r -> r.mode().equals("sticky")) && fastest.mode().equals("sticky");
        return java.util.Optional.of(String.format(Locale.ROOT, "p95 latency: %s was fastest at %.1f ms; %s.%s",
                fastest.mode(), fastest.latencyMs().p95(), String.join("; ", slower),
                storeSlower ? " That is the cost of reading and writing the session in the store on each request." : ""));
    }

    /** How evenly the routing spread the load, judged before the fault so a dead node does not dominate. */
    private static java.util.Optional<String> spread(List<RunResult> runs) {
        if (runs.size() < 2 || runs.get(0).nodes() < 2) {
            return java.util.Optional.empty();
        }
        String window = runs.get(0).faultAtS() == null ? "" : " before the fault";
        String cvs = runs.stream().map(r -> String.format(Locale.ROOT, "%s %.2f", r.mode(), r.nodeShareCvBeforeFault()))
                .collect(Collectors.joining(", "));
        RunResult even = runs.stream().min(Comparator.comparingDouble(RunResult::nodeShareCvBeforeFault)).orElseThrow();
        RunResult uneven = runs.stream().max(Comparator.comparingDouble(RunResult::nodeShareCvBeforeFault)).orElseThrow();
        if (uneven.nodeShareCvBeforeFault() - even.nodeShareCvBeforeFault() < SAME_CV) {
            return java.util.Optional.of("Requests spread about as evenly over the nodes in every mode" + window
                    + " (coefficient of variation of the node shares: " + cvs + ").");
        }
        String why = uneven.mode().equals("shared") ? ""
                : " Affinity keeps each shopper, heavy or light, on the node it started on.";
        return java.util.Optional.of("Requests spread least evenly in " + uneven.mode() + " and most evenly in "
                + even.mode() + window + " (coefficient of variation of the node shares: " + cvs + ")." + why);
    }

    private static String errors(List<RunResult> runs) {
        String failed = runs.stream().map(r -> r.mode() + " " + r.errors()).collect(Collectors.joining(", "));
        String recovery = runs.stream().filter(r -> r.recoverySeconds() != null)
                .map(r -> String.format(Locale.ROOT, "%s %.1f s", r.mode(), r.recoverySeconds()))
                .collect(Collectors.joining(", "));
        return "Failed requests: " + failed + "." + (recovery.isEmpty() ? ""
                : " Time from the fault to the last failure, loss or reset the shoppers saw: " + recovery + ".");
    }

    private static java.util.Optional<String> bottomLine(List<RunResult> runs) {
        RunResult sticky = runs.stream().filter(r -> r.mode().equals("sticky")).findFirst().orElse(null);
        List<RunResult> safe = runs.stream().filter(r -> !r.mode().equals("sticky"))
                .filter(r -> r.lostCartItems() == 0 && r.sessionResets() == 0 && r.resurrectedCartItems() == 0
                        && r.divergentAnswers() == 0).toList();
        if (sticky == null || safe.isEmpty() || sticky.lostCartItems() + sticky.sessionResets() == 0) {
            return java.util.Optional.empty();
        }
        RunResult best = safe.stream().min(Comparator.comparingDouble(r -> r.latencyMs().p95())).orElseThrow();
        double cost = best.latencyMs().p95() - sticky.latencyMs().p95();
        return java.util.Optional.of(String.format(Locale.ROOT, "Bottom line: on this machine %s kept every cart and"
                        + " session through the fault, at %s over sticky, which lost %d item%s.", best.mode(),
                cost > 0 ? String.format(Locale.ROOT, "+%.1f ms p95", cost)
                        : String.format(Locale.ROOT, "no p95 cost (%.1f ms)", cost),
                sticky.lostCartItems(), plural(sticky.lostCartItems())));
    }

    private static String faultPhrase(String fault) {
        return switch (fault) {
            case "kill" -> "When a node was killed (SIGKILL) mid-run";
            case "restart" -> "When a node was killed and restarted mid-run";
            case "rolling" -> "During a rolling restart of every node";
            case "drain" -> "When a node was drained and stopped mid-run";
            case "partition" -> "When a node was cut off from its sessions' peers mid-run (its member from the others', a"
                    + " Redis peer's node from Redis; its HTTP port up)";
            case "freeze" -> "When a node was paused (SIGSTOP) mid-run and then resumed";
            default -> "Without a fault";
        };
    }

    private static String modes(List<RunResult> runs) {
        return runs.stream().map(RunResult::mode).collect(Collectors.joining(" and "));
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }
}
