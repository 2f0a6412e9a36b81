package io.unstick.lab.compare.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a shopper concludes from a history of acknowledged changes and carts shown, as a table. A history is a
 * list of steps separated by {@code ;}:
 * <pre>
 * add mug 2       the shop acknowledged adding 2 mugs          show mug=2 tea=1   a cart shown, same session
 * set mug 1       ... setting mugs to 1                        new mug=1          a cart shown with a new session id
 * remove mug      ... removing the mugs                        gone               checkout: "the cart is empty"
 * unsure mug      a change of mugs with an unknown outcome     same               /api/session: the same session
 * checkout        ... a checkout                               reset              /api/session: a new session
 *                                                              login-lost         /api/session: a new session, right
 *                                                                                 after a login without an answer
 * </pre>
 * A change answered 503 and then, retried with its key, 200 is one {@code add}: the ledger sees acknowledgements
 * only (the retries are {@link VirtualShopper}'s; its tests run them against a shop that answers 503 after making
 * the change).
 * and the expected units lost, resurrected and extra, and divergent answers counted.
 */
class CartLedgerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a correct store's answers
            add mug 2; show mug=2; add tea 1; show mug=2 tea=1; same                                  | 0 | 0 | 0 | 0
            add mug 2; show mug=2; set mug 5; show mug=5; remove mug; show; same                      | 0 | 0 | 0 | 0
            add mug 2; show mug=2; checkout; show; same                                               | 0 | 0 | 0 | 0
            # lost in the same session: each differing answer is divergent once the session is confirmed
            add mug 2; show mug=2; add tea 1; show tea=1; same                                        | 2 | 0 | 0 | 1
            add mug 2; show mug=2; show mug=1; same                                                   | 1 | 0 | 0 | 1
            # ... but the same loss with the session replaced is a session loss, not a divergence
            add mug 2; show mug=2; show; reset                                                        | 2 | 0 | 0 | 0
            add mug 2; show mug=2; add tea 1; new tea=1; same                                         | 2 | 0 | 0 | 0
            # a removed line that returns, units that vanish and come back, a quantity set lower that shows its old value
            add mug 2; show mug=2; remove mug; show; show mug=2; same                                 | 0 | 2 | 0 | 1
            add mug 3; show mug=3; show mug=1; show mug=3; same                                       | 2 | 2 | 0 | 2
            add mug 5; show mug=5; set mug 2; show mug=2; show mug=5; same                            | 0 | 3 | 0 | 1
            add mug 2; show mug=2; checkout; show; show mug=2; same                                   | 0 | 2 | 0 | 1
            # two copies answering in turn (a split brain): every flip counts
            add mug 1; show mug=1; add tea 1; show tea=1; show mug=1; show tea=1; same                | 3 | 2 | 0 | 3
            # an add applied twice is extra, not resurrected: the line never held that many
            add mug 2; show mug=2; show mug=4; same                                                   | 0 | 0 | 2 | 1
            add mug 2; show mug=2; remove mug; show; show mug=3; same                                 | 0 | 2 | 1 | 1
            # a line whose change had an unknown outcome is not judged in the next cart, then believed
            add mug 2; show mug=2; unsure mug; show; same                                             | 0 | 0 | 0 | 0
            add mug 2; show mug=2; unsure tea; show mug=2 tea=3; show mug=2; same                     | 3 | 0 | 0 | 1
            # a differing answer is only counted once the same session is confirmed
            add mug 2; show mug=2; show                                                               | 2 | 0 | 0 | 0
            add mug 2; show mug=2; show; same; same                                                   | 2 | 0 | 0 | 1
            # the cart said empty at checkout
            add mug 2; show mug=2; add tea 1; show mug=2 tea=1; gone; same                            | 3 | 0 | 0 | 1
            add mug 2; show mug=2; unsure tea; gone; reset                                            | 2 | 0 | 0 | 0
            # what the first cart after a reset lacks went with the old session: lost, not divergent
            add mug 2; show mug=2; add tea 1; show mug=2 tea=1; reset; show tea=1; same               | 2 | 0 | 0 | 0
            add mug 2; show mug=2; reset; gone; same                                                  | 2 | 0 | 0 | 0
            # ... but the carts after it are judged again
            add mug 2; show mug=2; reset; show; add tea 1; show tea=1; show; same                     | 3 | 0 | 0 | 1
            # a change made and answered 503, then its retry answered from its key: one acknowledged add
            add mug 2; show mug=2; add tea 1; show mug=2 tea=1; same                                  | 0 | 0 | 0 | 0
            # ... and the same 503 taken as "nothing changed" (no key, no retry): the next cart shows it as extra
            add mug 2; show mug=2; show mug=2 tea=1; same                                             | 0 | 0 | 1 | 1
            # ... or left unsettled after every retry: the line is not judged
            add mug 2; show mug=2; unsure tea; show mug=2 tea=1; same                                 | 0 | 0 | 0 | 0
            # a session replaced right after a login without an answer: its cart is counted apart, not lost
            add mug 2; show mug=2; login-lost; show; same                                             | 0 | 0 | 0 | 0
            add mug 2; show mug=2; show; login-lost; show; same                                       | 2 | 0 | 0 | 0
            add mug 2; show mug=2; login-lost; add tea 1; show tea=1; same                            | 0 | 0 | 0 | 0
            # after a reset the new session has no history: its first items are not resurrections
            add mug 2; show mug=2; remove mug; show; reset; show; show mug=2; same                    | 0 | 0 | 2 | 1
            """)
    void countsWhatAHistoryReveals(String history, int lost, int resurrected, int extra, int divergent) {
        Totals totals = replay(history);
        assertThat(totals.lost).as("lost").isEqualTo(lost);
        assertThat(totals.resurrected).as("resurrected").isEqualTo(resurrected);
        assertThat(totals.extra).as("extra").isEqualTo(extra);
        assertThat(totals.divergent).as("divergent").isEqualTo(divergent);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            add mug 2; show mug=2; add tea 1; show mug=2 tea=1; login-lost    | 3
            add mug 2; show mug=2; unsure tea; login-lost                      | 2
            login-lost                                                         | 0
            """)
    void aSessionGoneWithALoginCountsTheUnitsItsCartWasKnownToHold(String history, int units) {
        assertThat(replay(history).lostWithLogin).isEqualTo(units);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            add mug 2; show mug=2                    | false
            add mug 2; show mug=2; show              | true
            add mug 2; show mug=2; show; same        | false
            add mug 2; show mug=2; show; reset       | false
            add mug 2; show mug=2; new               | false
            """)
    void asksForASessionCheckOnlyWhileADifferingAnswerIsUnexplained(String history, boolean inDoubt) {
        CartLedger ledger = new CartLedger();
        replay(history, ledger);
        assertThat(ledger.inDoubt()).isEqualTo(inDoubt);
    }

    private static final class Totals {
        int lost;
        int resurrected;
        int extra;
        int divergent;
        int lostWithLogin;
    }

    private static Totals replay(String history) {
        return replay(history, new CartLedger());
    }

    private static Totals replay(String history, CartLedger ledger) {
        Totals totals = new Totals();
        ledger.newVisit();
        for (String step : history.split(";")) {
            String[] words = step.trim().split("\\s+");
            switch (words[0]) {
                case "add" -> ledger.added(words[1], Integer.parseInt(words[2]));
                case "set" -> ledger.set(words[1], Integer.parseInt(words[2]));
                case "remove" -> ledger.removed(words[1]);
                case "unsure" -> ledger.uncertain(words[1]);
                case "checkout" -> ledger.checkedOut();
                case "show", "new" -> {
                    if (words[0].equals("new")) {
                        ledger.sessionReset(); // the answer came with a new session id
                    }
                    CartLedger.Finding finding = ledger.observe(cart(words));
                    totals.lost += finding.lost();
                    totals.resurrected += finding.resurrected();
                    totals.extra += finding.extra();
                }
                case "gone" -> totals.lost += ledger.cartGone();
                case "same" -> totals.divergent += ledger.sessionConfirmed();
                case "reset" -> ledger.sessionReset();
                case "login-lost" -> totals.lostWithLogin += ledger.sessionGoneWithLogin();
                default -> throw new IllegalArgumentException("unknown step '" + step + "'");
            }
        }
        return totals;
    }

    private static Map<String, Integer> cart(String[] words) {
        Map<String, Integer> cart = new TreeMap<>();
        for (int i = 1; i < words.length; i++) {
            String[] line = words[i].split("=");
            cart.put(line[0], Integer.parseInt(line[1]));
        }
        return cart;
    }
}
