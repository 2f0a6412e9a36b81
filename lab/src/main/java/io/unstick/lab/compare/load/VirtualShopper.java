package io.unstick.lab.compare.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One shopper on a realistic script, visit after visit, each visit with a fresh cookie jar: browse, add, change
 * and remove items, look at the cart, log in (the session id changes), sometimes check out, and leave.
 *
 * <p>Every change (add, set, remove, checkout) carries a fresh random {@code Idempotency-Key}. An answer that settles
 * nothing — no answer, 409 (another request changed the session first), 429, 502, 503, 504 — is followed by the same
 * request with the same key, after the answer's {@code Retry-After} (else {@value #DEFAULT_RETRY_PAUSE_MS} ms, at
 * most {@value #MAX_RETRY_PAUSE_MS} ms), up to {@value #MAX_RETRIES} times and never past the run's end: the shop
 * makes a keyed change at most once, so a retry of a change that was made is answered, not made again. Only a 2xx
 * (the change is made) or a definitive 4xx (nothing changed: a 404, the checkout's "the cart is empty") settles it.
 * A change that never settles leaves its line uncertain, never assumed unchanged. Every attempt is a request of its
 * own: counted, timed and logged.
 *
 * <p>It knows what its cart should hold (a {@link CartLedger}), so it detects, from what it observes only:
 * <ul>
 *   <li><b>lost cart items</b>: every cart the shop returns is compared with the expected one, per missing unit;
 *       a change whose outcome stayed unknown makes that line uncertain, never a loss;</li>
 *   <li><b>resurrected cart items</b> and <b>divergent answers</b>: a cart that went back to an older state, and
 *       answers for the same session that cannot both be right (see {@link CartLedger});</li>
 *   <li><b>session resets</b>: the session id changed without the shopper logging in, or the session's
 *       {@code createdAt} changed (a login that landed on a brand-new session);</li>
 *   <li><b>forced re-logins</b>: it was logged in and {@code /api/session} shows no user;</li>
 *   <li><b>sessions lost with a login's answer</b>: a login got no answer (no response, 500, 502, 504), and the
 *       session then turned out to be replaced. The login had renamed the session, and the new id never reached
 *       the shopper, who is left with the old, retired one (the id must change at login; the shop cannot bring the
 *       old one back without allowing session fixation). The session and its units are counted in a class of their
 *       own, not as lost cart items nor as a session reset. A login answered 503 or 409 is not in this class: the
 *       session stays under its old id, or the answer names the id it moved to.</li>
 * </ul>
 * Its random choices are drawn the same way whatever the shop answers, so one seed is one script in every mode.
 */
final class VirtualShopper implements Runnable {

    private static final int MAX_UNITS = 12;
    /** Retries of one change after its first attempt. */
    static final int MAX_RETRIES = 4;
    static final long DEFAULT_RETRY_PAUSE_MS = 250;
    static final long MAX_RETRY_PAUSE_MS = 2_000;

    private final ShopperProfile profile;
    private final ShopClient client;
    private final Observations observations;
    private final List<String> products;
    /** Counted down when the run is over: a thinking shopper leaves at once, one waiting for an answer after it. */
    private final CountDownLatch stop;
    private final Random random;
    private final ShopperLog log;

    private final CartLedger cart = new CartLedger();
    private String sessionId;
    private Long createdAt;
    private boolean loggedIn;
    private boolean loginInDoubt;
    /** A login got no answer: if the session turns out replaced next, the login took it (see the class comment). */
    private boolean loginAnswerLost;
    private int visit;

    VirtualShopper(ShopperProfile profile, ShopClient client, Observations observations, List<String> products,
                   CountDownLatch stop, ShopperLog log) {
        this.profile = profile;
        this.client = client;
        this.observations = observations;
        this.products = List.copyOf(products);
        this.stop = stop;
        this.random = new Random(profile.seed());
        this.log = log;
    }

    @Override
    public void run() {
        try {
            while (stop.getCount() > 0) {
                visit();
            }
        } catch (Stopped stopped) {
            // the run is over: leave mid-visit, as a closed browser does
        }
    }

    private void visit() {
        visit++;
        client.forgetCookies();
        cart.newVisit();
        sessionId = null;
        createdAt = null;
        loggedIn = false;
        loginInDoubt = false;
        loginAnswerLost = false;
        observations.visit();

        think();
        client.get("/api/products");
        int steps = 2 + random.nextInt(5);
        for (int i = 0; i < steps; i++) {
            think();
            shop();
        }
        boolean logsIn = random.nextDouble() < 0.6;
        int more = 1 + random.nextInt(3);
        if (logsIn) {
            think();
            login();
            for (int i = 0; i < more; i++) {
                think();
                shop();
            }
        }
        think();
        checkSession();
        think();
        viewCart();
        followUp();
        boolean buys = random.nextDouble() < 0.5;
        if (buys && !cart.isEmpty()) {
            if (!loggedIn) {
                think();
                login();
            }
            think();
            checkout();
        }
    }

    /** One shopping step; every draw is made whatever the branch, to keep the script the same in every mode. */
    private void shop() {
        double action = random.nextDouble();
        String product = products.get(random.nextInt(products.size()));
        int quantity = 1 + random.nextInt(3);
        int pick = random.nextInt(1_000);
        List<String> inCart = cart.lines();
        if (inCart.isEmpty() || action < 0.55) {
            add(product, quantity);
        } else if (action < 0.70) {
            set(inCart.get(pick % inCart.size()), quantity);
        } else if (action < 0.80) {
            remove(inCart.get(pick % inCart.size()));
        } else if (action < 0.90) {
            viewCart();
        } else {
            checkSession();
        }
        followUp();
    }

    /**
     * Looks at the session (as the page footer shows it) when there is something to learn: where a new session
     * began, whether a login took, or, after a cart differed from the expected one, whether the session was
     * replaced (a loss) or is still the same (a divergent answer).
     */
    private void followUp() {
        if (createdAt == null && sessionId != null || loginInDoubt || cart.inDoubt()) {
            think();
            checkSession();
        }
    }

    private void add(String product, int quantity) {
        if (cart.quantity(product) + quantity > MAX_UNITS) {
            set(product, quantity);
            return;
        }
        change(product, key -> client.post("/api/cart/items", Map.of("productId", product, "quantity", quantity), key),
                () -> cart.added(product, quantity));
    }

    private void set(String product, int quantity) {
        change(product, key -> client.put("/api/cart/items/" + product, Map.of("quantity", quantity), key),
                () -> cart.set(product, quantity));
    }

    private void remove(String product) {
        change(product, key -> client.delete("/api/cart/items/" + product, key), () -> cart.removed(product));
    }

    private void change(String product, Function<String, Reply> request, Runnable expectation) {
        Reply reply = settle(request);
        if (reply.ok()) {
            expectation.run();
            compare(reply.body().path("items"));
        } else if (!reply.refused()) {
            cart.uncertain(product); // never settled: made or not, this line cannot be judged until a cart shows it
        }
    }

    /**
     * Sends a change with a fresh key, then again with the same key while its answer settles nothing (see the class
     * comment); returns the last answer.
     */
    private Reply settle(Function<String, Reply> send) {
        String key = UUID.randomUUID().toString(); // not the seeded draws: the script stays the same in every mode
        Reply reply = call(() -> send.apply(key), false);
        for (int retry = 1; retry <= MAX_RETRIES && reply.retryable(); retry++) {
            pause(reply.retryAfter() == null ? DEFAULT_RETRY_PAUSE_MS
                    : Math.min(reply.retryAfter().toMillis(), MAX_RETRY_PAUSE_MS));
            reply = call(() -> send.apply(key), false);
        }
        return reply;
    }

    private void viewCart() {
        Reply reply = call(() -> client.get("/api/cart"), false);
        if (reply.ok()) {
            compare(reply.body().path("items"));
        }
    }

    private void checkSession() {
        Reply reply = call(() -> client.get("/api/session"), false);
        if (!reply.ok()) {
            return;
        }
        long created = reply.body().path("createdAt").asLong();
        if (createdAt != null && created != createdAt) {
            replaced("createdAt changed");
        } else {
            divergent();
        }
        loginAnswerLost = false; // the session is what it is now: a login without an answer has been judged
        createdAt = created;
        boolean hasUser = !reply.body().path("username").isNull() && !reply.body().path("username").isMissingNode();
        if (loggedIn && !hasUser) {
            observations.relogin();
            loggedIn = false;
            think();
            login();
        } else {
            loggedIn = hasUser;
        }
        loginInDoubt = false;
    }

    private void login() {
        String before = sessionId;
        String username = "s" + profile.index() + "v" + visit;
        Reply reply = call(() -> client.post("/api/login", Map.of("username", username), null), true);
        if (!reply.ok()) {
            loginInDoubt = reply.answerLost();
            loginAnswerLost = reply.answerLost();
            // What became of it, before anything else: a cart shown under the retired id would look lost.
            followUp();
            return;
        }
        loginAnswerLost = false;
        long created = reply.body().path("createdAt").asLong();
        if (createdAt != null && created != createdAt) {
            note("session reset: the login landed on a new session");
            sessionLost(); // the login landed on a brand-new session: the old one is gone
        } else {
            divergent();
            if (before != null && sessionId != null && !before.equals(sessionId)) {
                observations.idChangedByLogin();
            }
        }
        createdAt = created;
        loggedIn = true;
        loginInDoubt = false;
    }

    private void checkout() {
        Reply reply = settle(key -> client.post("/api/checkout", key));
        if (reply.ok()) {
            compare(reply.body().path("items"));
            observations.checkout();
            cart.checkedOut();
            followUp();
        } else if (reply.status() == 409 && reply.refused()) {
            // "the cart is empty" while the shopper expected items: the whole cart is gone
            String expected = cart.expected().toString();
            int lost = cart.cartGone();
            if (lost > 0) {
                note("checkout found the cart empty: lost " + lost + " (expected " + expected + ")");
            }
            observations.lostItems(lost);
            followUp();
        } else if (!reply.refused()) {
            cart.allUncertain();
        }
    }

    /** Sends, then notices a session id that changed although the shopper did nothing that changes it. */
    private Reply call(Supplier<Reply> request, boolean changesSessionId) {
        Reply reply = request.get();
        note(reply.ok() ? "ok" : "failed");
        String now = client.sessionId();
        if (!changesSessionId && sessionId != null && now != null && !now.equals(sessionId)) {
            replaced("a new session " + now.substring(0, Math.min(8, now.length())));
        }
        if (now != null) {
            sessionId = now;
        }
        return reply;
    }

    /** Counts the differing answers the session check just confirmed as divergent, and logs them. */
    private void divergent() {
        int answers = cart.sessionConfirmed();
        if (answers > 0) {
            note("same session (createdAt unchanged): " + answers + " differing answer(s) were divergent");
        }
        observations.divergentAnswers(answers);
    }

    /** One line in the shoppers' log: this shopper, its session, the last request and what it showed. */
    private void note(String what) {
        log.write(profile.index(), sessionId, client.last() + ": " + what);
    }

    /** The session was replaced by a new one: a reset, or what became of a login that got no answer. */
    private void replaced(String how) {
        if (!loginAnswerLost) {
            note("session reset: " + how);
            sessionLost();
            return;
        }
        loginAnswerLost = false;
        int units = cart.sessionGoneWithLogin();
        note("session lost with a login's answer (" + how + "): the login renamed it and its new id never came back;"
                + " " + units + " unit(s) went with it");
        observations.sessionLostWithLoginAnswer(units);
        createdAt = null;
        if (loggedIn) {
            loginInDoubt = true;
        }
    }

    private void sessionLost() {
        observations.sessionReset();
        cart.sessionReset();
        createdAt = null;
        if (loggedIn) {
            loginInDoubt = true; // the next step asks /api/session, as the page footer would show it
        }
    }

    /** Judges the cart the shop shows against the expected one, and counts what it reveals. */
    private void compare(JsonNode items) {
        Map<String, Integer> shown = new TreeMap<>();
        for (JsonNode item : items) {
            shown.merge(item.path("productId").asText(), item.path("quantity").asInt(), Integer::sum);
        }
        String expected = cart.expected().toString();
        CartLedger.Finding finding = cart.observe(shown);
        if (finding.differs()) {
            note("cart differs: lost " + finding.lost() + ", resurrected " + finding.resurrected() + ", extra "
                    + finding.extra() + " (expected " + expected + ", shown " + shown + ")");
        }
        observations.lostItems(finding.lost());
        observations.resurrectedItems(finding.resurrected());
        observations.extraItems(finding.extra());
    }

    /**
     * Exponential pauses (capped at 4x the mean), as people read and click at uneven pace. The run's end wakes the
     * shopper; it never cuts a request short, so every request the shop answered is counted on both sides.
     */
    private void think() {
        double draw = random.nextDouble();
        if (stop.getCount() == 0) {
            throw new Stopped();
        }
        long mean = profile.meanThink().toMillis();
        pause(Math.min(4 * mean, Math.round(-Math.log(1 - draw) * mean)));
    }

    /** Waits; the run's end cuts the wait short and ends the visit (a change waiting for its retry stays unsettled). */
    private void pause(long millis) {
        try {
            if (stop.await(millis, TimeUnit.MILLISECONDS)) {
                throw new Stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /** Ends a visit mid-way when the run is over; carries no stack trace because it is not an error. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("run over", null, false, false);
        }
    }
}
