package io.unstick.lab.compare.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One shopper on a realistic script, visit after visit, each visit with a fresh cookie jar: browse, add, change
 * and remove items, look at the cart, log in (the session id changes), sometimes check out, and leave.
 *
 * <p>It knows what its cart should hold, so it detects, from what it observes only:
 * <ul>
 *   <li><b>lost cart items</b>: every cart the shop returns is compared with the expected one, per missing unit;
 *       a change whose outcome is unknown (no answer, 502, 504) makes that line uncertain, never a loss;</li>
 *   <li><b>session resets</b>: the session id changed without the shopper logging in, or the session's
 *       {@code createdAt} changed (a login that landed on a brand-new session);</li>
 *   <li><b>forced re-logins</b>: it was logged in and {@code /api/session} shows no user.</li>
 * </ul>
 * Its random choices are drawn the same way whatever the shop answers, so one seed is one script in every mode.
 */
final class VirtualShopper implements Runnable {

    private static final int MAX_UNITS = 12;

    private final ShopperProfile profile;
    private final ShopClient client;
    private final Observations observations;
    private final List<String> products;
    private final BooleanSupplier running;
    private final Random random;

    private final Map<String, Integer> expected = new TreeMap<>();
    private final Set<String> uncertain = new HashSet<>();
    private String sessionId;
    private Long createdAt;
    private boolean loggedIn;
    private boolean loginInDoubt;
    private boolean lostSomething;
    private int visit;

    VirtualShopper(ShopperProfile profile, ShopClient client, Observations observations, List<String> products,
                   BooleanSupplier running) {
        this.profile = profile;
        this.client = client;
        this.observations = observations;
        this.products = List.copyOf(products);
        this.running = running;
        this.random = new Random(profile.seed());
    }

    @Override
    public void run() {
        try {
            while (running.getAsBoolean()) {
                visit();
            }
        } catch (Stopped stopped) {
            // the run is over: leave mid-visit, as a closed browser does
        }
    }

    private void visit() {
        visit++;
        client.forgetCookies();
        expected.clear();
        uncertain.clear();
        sessionId = null;
        createdAt = null;
        loggedIn = false;
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
        if (buys && !expected.isEmpty()) {
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
        List<String> inCart = new ArrayList<>(expected.keySet());
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
     * began, whether a login took, or, after items went missing, whether the whole session was replaced.
     */
    private void followUp() {
        if (createdAt == null && sessionId != null || loginInDoubt || lostSomething) {
            lostSomething = false;
            think();
            checkSession();
        }
    }

    private void add(String product, int quantity) {
        if (expected.getOrDefault(product, 0) + quantity > MAX_UNITS) {
            set(product, quantity);
            return;
        }
        change(product, () -> client.post("/api/cart/items", Map.of("productId", product, "quantity", quantity)),
                () -> expected.merge(product, quantity, Integer::sum));
    }

    private void set(String product, int quantity) {
        change(product, () -> client.put("/api/cart/items/" + product, Map.of("quantity", quantity)),
                () -> expected.put(product, quantity));
    }

    private void remove(String product) {
        change(product, () -> client.delete("/api/cart/items/" + product), () -> expected.remove(product));
    }

    private void change(String product, Supplier<Reply> request, Runnable expectation) {
        Reply reply = call(request, false);
        if (reply.ok()) {
            expectation.run();
            compare(reply.body().path("items"));
        } else if (reply.status() != 503 && reply.status() != 429) {
            // Unknown outcome (no answer, 5xx after forwarding) or a refusal of a retried change (a DELETE
            // replayed after it was applied answers 404): this line can no longer be judged.
            uncertain.add(product);
        }
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
            sessionLost();
        }
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
        Reply reply = call(() -> client.post("/api/login", Map.of("username", username)), true);
        if (!reply.ok()) {
            loginInDoubt = reply.mayHaveApplied();
            return;
        }
        long created = reply.body().path("createdAt").asLong();
        if (createdAt != null && created != createdAt) {
            sessionLost(); // the login landed on a brand-new session: the old one is gone
        } else if (before != null && sessionId != null && !before.equals(sessionId)) {
            observations.idChangedByLogin();
        }
        createdAt = created;
        loggedIn = true;
        loginInDoubt = false;
    }

    private void checkout() {
        Reply reply = call(() -> client.post("/api/checkout"), false);
        if (reply.ok()) {
            compare(reply.body().path("items"));
            observations.checkout();
            expected.clear();
            uncertain.clear();
        } else if (reply.status() == 409) {
            // "the cart is empty" while the shopper expected items: the whole cart is gone
            int lost = certainUnits();
            observations.lostItems(lost);
            expected.clear();
            uncertain.clear();
            lostSomething = lost > 0;
            followUp();
        } else if (reply.mayHaveApplied()) {
            uncertain.addAll(expected.keySet());
        }
    }

    /** Sends, then notices a session id that changed although the shopper did nothing that changes it. */
    private Reply call(Supplier<Reply> request, boolean changesSessionId) {
        Reply reply = request.get();
        String now = client.sessionId();
        if (!changesSessionId && sessionId != null && now != null && !now.equals(sessionId)) {
            sessionLost();
        }
        if (now != null) {
            sessionId = now;
        }
        return reply;
    }

    private void sessionLost() {
        observations.sessionReset();
        createdAt = null;
        if (loggedIn) {
            loginInDoubt = true; // the next step asks /api/session, as the page footer would show it
        }
    }

    /** Compares the cart the shop shows with the expected one, counts missing units, then believes the shop. */
    private void compare(JsonNode items) {
        Map<String, Integer> actual = new TreeMap<>();
        for (JsonNode item : items) {
            actual.merge(item.path("productId").asText(), item.path("quantity").asInt(), Integer::sum);
        }
        int lost = 0;
        int extra = 0;
        Set<String> lines = new HashSet<>(expected.keySet());
        lines.addAll(actual.keySet());
        for (String line : lines) {
            if (uncertain.contains(line)) {
                continue;
            }
            int difference = expected.getOrDefault(line, 0) - actual.getOrDefault(line, 0);
            if (difference > 0) {
                lost += difference;
            } else {
                extra -= difference;
            }
        }
        observations.lostItems(lost);
        observations.extraItems(extra);
        lostSomething |= lost > 0;
        expected.clear();
        expected.putAll(actual);
        uncertain.clear();
    }

    private int certainUnits() {
        int units = 0;
        for (Map.Entry<String, Integer> line : expected.entrySet()) {
            if (!uncertain.contains(line.getKey())) {
                units += line.getValue();
            }
        }
        return units;
    }

    /** Exponential pauses (capped at 4x the mean), as people read and click at uneven pace. */
    private void think() {
        double draw = random.nextDouble();
        if (!running.getAsBoolean()) {
            throw new Stopped();
        }
        long mean = profile.meanThink().toMillis();
        long pause = Math.min(4 * mean, Math.round(-Math.log(1 - draw) * mean));
        try {
            Thread.sleep(pause);
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
