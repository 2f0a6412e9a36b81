package io.unstick.lab.compare;

import io.unstick.lab.compare.load.Observations;

import java.io.PrintStream;

/**
 * The live line of a run: {@code sticky/kill [#########-----------] 27/60 s  5,310 req  3 err  41 lost  0 back  0 diverged}. On a
 * terminal it redraws one line; in a log (CI) it prints a line every 5 seconds.
 */
final class Progress {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private long lastPrinted;

    Progress(PrintStream out, boolean terminal, String label) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
    }

    void phase(String what) {
        end();
        out.println(label + ": " + what);
    }

    void update(double elapsed, double total, Observations.Counts counts, String note) {
        long now = System.nanoTime();
        if (!terminal && now - lastPrinted < 5_000_000_000L) {
            return;
        }
        lastPrinted = now;
        int filled = (int) Math.min(WIDTH, Math.round(WIDTH * elapsed / Math.max(total, 1e-9)));
        String line = String.format("%s [%s%s] %3.0f/%.0f s %,9d req %,6d err %,6d lost %,5d back %,5d diverged%s",
                label, "#".repeat(filled), "-".repeat(WIDTH - filled), elapsed, total, counts.requests(), counts.errors(),
                counts.lostItems(), counts.resurrectedItems(), counts.divergentAnswers(), note.isEmpty() ? "" : "  " + note);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    void end() {
        if (terminal && lastPrinted != 0) {
            out.println();
            lastPrinted = 0;
        }
    }
}
