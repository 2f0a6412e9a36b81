package io.unstick.lab.compare.load;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One shopper's account of its cart in the current session: what the cart must hold after every change the shop
 * acknowledged, and what each answer the shop gives reveals against that. Bookkeeping only, no I/O, so the rules
 * below can be tested on written histories.
 *
 * <p>The shopper is the only writer of its session and sends one request at a time, so a correct store's answers
 * form one history: each cart the shop shows equals the previous cart shown plus the shopper's acknowledged
 * changes since. Against that, per line (product) whose outcome is known, each cart shown is judged:
 * <ul>
 *   <li><b>lost</b> units: fewer than expected;</li>
 *   <li><b>resurrected</b> units: more than expected, up to what the line held earlier in this session before it
 *       went down — a removed line that returns, units that vanished and came back, a quantity set lower that
 *       shows its old value: the cart went back to an older state;</li>
 *   <li><b>extra</b> units: more than expected beyond that (an add applied twice);</li>
 *   <li>a <b>divergent answer</b>: an answer, for the same session, with any of the above — it and the answer
 *       before it cannot both be right. Whether it is the same session is only known once the shopper looks at
 *       {@code /api/session} again: if the session was replaced instead, the difference is a session loss (lost
 *       units), not a divergence. So a differing answer is held as pending until {@link #sessionConfirmed()}
 *       counts it or {@link #sessionReset()} drops it; pending answers of a visit that ends first are not counted.
 *       The first cart after a reset differs because of the reset, and is never divergent.</li>
 * </ul>
 * A change is acknowledged by its 2xx only, which may come from a retry with the change's idempotency key: the
 * shop makes a keyed change once and answers its retries, so a 503 whose change was made, then the retry's 200, is
 * one acknowledged change (without the key, the shopper once took the 503 as "nothing changed" and the next cart
 * showed "extra" units). A line whose change never settled (no answer, or only 409/429/502/503/504 however often it
 * was retried) is uncertain until the next cart shows it, and is not judged in that cart; a change refused with a
 * definitive 4xx changed nothing.
 * A session replaced right after a login that got no answer went with the login's lost answer
 * ({@link #sessionGoneWithLogin()}): its units are not lost by the store and are counted apart. After judging a cart the ledger believes it, so one loss is counted
 * once — and a cart that flips between two copies is counted at every flip.
 */
final class CartLedger {

    /** What one cart revealed, in units (a quantity of one product). */
    record Finding(int lost, int resurrected, int extra) {

        static final Finding NONE = new Finding(0, 0, 0);

        boolean differs() {
            return lost > 0 || resurrected > 0 || extra > 0;
        }
    }

    private final Map<String, Integer> expected = new TreeMap<>();
    private final Set<String> uncertain = new HashSet<>();
    /** The most units each line held in this session, as acknowledged or shown. */
    private final Map<String, Integer> peak = new HashMap<>();
    private int pendingDivergent;
    /** The session was replaced since the last cart: what the next cart lacks went with the old session. */
    private boolean replacedSinceLastCart;

    /** A new visit: an empty cookie jar, so a new session and an empty cart. */
    void newVisit() {
        expected.clear();
        uncertain.clear();
        peak.clear();
        pendingDivergent = 0;
        replacedSinceLastCart = false;
    }

    /** The shop acknowledged adding units of a line. */
    void added(String line, int quantity) {
        expect(line, expected.getOrDefault(line, 0) + quantity);
    }

    /** The shop acknowledged setting a line's quantity. */
    void set(String line, int quantity) {
        expect(line, quantity);
    }

    /** The shop acknowledged removing a line. */
    void removed(String line) {
        expected.remove(line);
    }

    /** A change of this line may or may not have been applied. */
    void uncertain(String line) {
        uncertain.add(line);
    }

    /** A change of the whole cart (a checkout) may or may not have been applied. */
    void allUncertain() {
        uncertain.addAll(expected.keySet());
    }

    /** Judges a cart the shop showed against the expected one, then believes it. */
    Finding observe(Map<String, Integer> shown) {
        int lost = 0;
        int resurrected = 0;
        int extra = 0;
        Set<String> lines = new HashSet<>(expected.keySet());
        lines.addAll(shown.keySet());
        for (String line : lines) {
            if (uncertain.contains(line)) {
                continue;
            }
            int want = expected.getOrDefault(line, 0);
            int got = shown.getOrDefault(line, 0);
            if (got < want) {
                lost += want - got;
            } else if (got > want) {
                int back = Math.max(0, Math.min(got, peak.getOrDefault(line, 0)) - want);
                resurrected += back;
                extra += got - want - back;
            }
        }
        Finding finding = new Finding(lost, resurrected, extra);
        if (finding.differs() && !replacedSinceLastCart) {
            pendingDivergent++;
        }
        replacedSinceLastCart = false;
        expected.clear();
        uncertain.clear();
        shown.forEach(this::expect);
        return finding;
    }

    /**
     * The shop said the cart is empty (a checkout's 409) while the shopper expected items.
     *
     * @return the units lost: every expected unit whose outcome was known
     */
    int cartGone() {
        int lost = knownUnits();
        if (lost > 0 && !replacedSinceLastCart) {
            pendingDivergent++;
        }
        replacedSinceLastCart = false;
        expected.clear();
        uncertain.clear();
        return lost;
    }

    /** The shop acknowledged a checkout: the cart is empty now (and what it held must not come back). */
    void checkedOut() {
        expected.clear();
        uncertain.clear();
    }

    /**
     * The session was replaced right after a login that got no answer: the login renamed it and the shopper never
     * got the new id, so its cart is out of reach — not forgotten by the store. The shopper starts over with the new
     * session's empty cart; nothing pending is counted.
     *
     * @return the units the shopper knew its cart held (lines whose outcome was known)
     */
    int sessionGoneWithLogin() {
        int units = knownUnits();
        expected.clear();
        uncertain.clear();
        peak.clear();
        pendingDivergent = 0;
        replacedSinceLastCart = true;
        return units;
    }

    /**
     * The session was replaced by a new one: differing answers held as pending were a session loss, and the new
     * session has no history of its own yet. The shopper still expects its items (their absence is a loss).
     */
    void sessionReset() {
        pendingDivergent = 0;
        peak.clear();
        replacedSinceLastCart = true;
    }

    /**
     * The shopper saw that its session is still the same one (same id, same creation time).
     *
     * @return the answers that differed since the last confirmation: divergent answers, now counted
     */
    int sessionConfirmed() {
        int divergent = pendingDivergent;
        pendingDivergent = 0;
        return divergent;
    }

    /** Whether an answer differed and the shopper should look at its session to know what it was. */
    boolean inDoubt() {
        return pendingDivergent > 0;
    }

    boolean isEmpty() {
        return expected.isEmpty();
    }

    int quantity(String line) {
        return expected.getOrDefault(line, 0);
    }

    /** What the shopper believes its cart holds, line by line (a copy). */
    Map<String, Integer> expected() {
        return new TreeMap<>(expected);
    }

    /** The lines the shopper believes are in its cart, in a stable order. */
    List<String> lines() {
        return List.copyOf(expected.keySet());
    }

    private int knownUnits() {
        int units = 0;
        for (Map.Entry<String, Integer> line : expected.entrySet()) {
            if (!uncertain.contains(line.getKey())) {
                units += line.getValue();
            }
        }
        return units;
    }

    private void expect(String line, int quantity) {
        expected.put(line, quantity);
        peak.merge(line, quantity, Math::max);
    }
}
