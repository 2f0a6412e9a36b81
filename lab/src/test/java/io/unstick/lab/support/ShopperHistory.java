package io.unstick.lab.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of a shoppers' log that explain its findings: for each line that reports a loss, a resurrection, a
 * divergent answer or a session reset, the same shopper's lines before it. Bounded, so a run gone badly wrong still
 * gives a readable failure message.
 */
final class ShopperHistory {

    /** A shopper's lines kept before each finding: enough to show the requests that led to it. */
    static final int LINES_BEFORE = 10;
    /** Findings shown in full; the rest are counted. */
    static final int FINDINGS = 4;

    private static final Pattern SHOPPER = Pattern.compile(" shopper (\\d+) ");
    private static final List<String> FINDING_WORDS = List.of("cart differs:", "session reset:",
            "checkout found the cart empty", "were divergent");

    private ShopperHistory() {
    }

    /** The histories, one block per finding, or "" when the log reports none. */
    static String of(List<String> log) {
        Map<String, Deque<String>> recent = new HashMap<>();
        List<String> blocks = new ArrayList<>();
        int findings = 0;
        for (String line : log) {
            Matcher shopper = SHOPPER.matcher(line);
            if (!shopper.find()) {
                continue;
            }
            Deque<String> lines = recent.computeIfAbsent(shopper.group(1), any -> new ArrayDeque<>());
            lines.addLast(line);
            if (lines.size() > LINES_BEFORE + 1) {
                lines.removeFirst();
            }
            if (FINDING_WORDS.stream().anyMatch(line::contains)) {
                findings++;
                if (blocks.size() < FINDINGS) {
                    blocks.add(String.join(System.lineSeparator(), lines));
                    lines.clear();
                }
            }
        }
        if (findings > blocks.size()) {
            blocks.add("... and " + (findings - blocks.size()) + " more finding(s) in the log");
        }
        return String.join(System.lineSeparator() + "--" + System.lineSeparator(), blocks);
    }
}
