package io.unstick.session.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Shoppers that keep changing their carts (the test servlet's {@code /api/cart/add} and {@code /cart/remove}) while a
 * fault runs, each one request at a time, and check every answer the way a Jepsen checker would: a 200 must show
 * every item the shopper's acknowledged changes put in and none they took out; an item a failed request (503, 409, a
 * timeout) may or may not have added is allowed, and once seen it counts as acknowledged. Bounded: each shopper stops
 * after {@link #MAX_STEPS} requests or when told to.
 */
final class CartShoppers implements AutoCloseable {

    static final int MAX_STEPS = 5_000;
    private static final Duration PACE = Duration.ofMillis(40);
    private static final Duration BEGIN_WITHIN = Duration.ofSeconds(20);

    /** One answer: who asked which node what, what came back, how long it took. */
    record Answer(int shopper, String node, String op, int status, long millis, long atNanos) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Shopper> shoppers = new ArrayList<>();
    final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private ExecutorService pool;

    /** Adds a shopper whose requests go to {@code route}, in turn. */
    void add(List<TestNode> route) {
        shoppers.add(new Shopper(shoppers.size(), route, false));
    }

    /**
     * Adds a shopper that starts its session and fills its cart once, on {@code node}, then only reads when asked
     * ({@link #readStatus}): a session with nothing pending, whose reads a node could serve from a local copy.
     *
     * @return its index
     */
    int addIdle(TestNode node) {
        shoppers.add(new Shopper(shoppers.size(), List.of(node), true));
        return shoppers.size() - 1;
    }

    /** Creates every shopper's session (before the fault), then starts them. */
    void start() {
        for (Shopper shopper : shoppers) {
            shopper.begin();
            if (shopper.idle) {
                shopper.step();
                shopper.step();
            }
        }
        pool = Executors.newFixedThreadPool(shoppers.size());
        for (Shopper shopper : shoppers) {
            if (shopper.idle) {
                continue;
            }
            pool.execute(() -> {
                for (int i = 0; i < MAX_STEPS && !stop.get(); i++) {
                    shopper.step();
                    LockSupport.parkNanos(PACE.toNanos());
                }
            });
        }
    }

    void stop() throws InterruptedException {
        stop.set(true);
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }

    /** After the fault: every cart, read on every node, holds exactly what the acknowledged changes say. */
    void checkEveryCartOn(List<TestNode> nodes) {
        for (Shopper shopper : shoppers) {
            for (TestNode node : nodes) {
                shopper.checkOn(node);
            }
        }
    }

    /** The status of a plain read of shopper {@code index}'s cart on {@code node} (recorded like every answer). */
    int readStatus(int index, TestNode node) {
        return shoppers.get(index).send(node, "/api/cart").status;
    }

    long maxMillis() {
        return answers.stream().mapToLong(Answer::millis).max().orElse(0);
    }

    long count(String node, int status, long fromNanos, long toNanos) {
        return answers.stream().filter(a -> a.node().equals(node) && a.status() == status
                && a.atNanos() >= fromNanos && a.atNanos() <= toNanos).count();
    }

    long acknowledgedItems() {
        return shoppers.stream().mapToLong(s -> s.present.size() + s.removed.size()).sum();
    }

    @Override
    public void close() throws InterruptedException {
        if (pool != null) {
            stop();
        }
    }

    private final class Shopper {
        final int id;
        final List<TestNode> route;
        final boolean idle;
        final Set<String> present = new LinkedHashSet<>();
        final Set<String> removed = new LinkedHashSet<>();
        final Set<String> maybe = new LinkedHashSet<>();
        String cookie;
        int next;
        int items;

        Shopper(int id, List<TestNode> route, boolean idle) {
            this.id = id;
            this.route = route;
            this.idle = idle;
        }

        /**
         * Starts the session before the fault. A 503 here is the store answering "not now" (a migration still
         * running on a busy machine, say) with Retry-After, so the shopper does what a client would: tries again,
         * for a bounded time.
         */
        void begin() {
            long deadline = System.nanoTime() + BEGIN_WITHIN.toNanos();
            Reply reply = send(route.get(0), "/api/set?create&name=shopper&value=" + id);
            while (reply.status == 503 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(PACE.toNanos());
                reply = send(route.get(0), "/api/set?create&name=shopper&value=" + id);
            }
            if (reply.status != 200) {
                throw new IllegalStateException("shopper " + id + " could not start a session: " + reply.status);
            }
        }

        void step() {
            TestNode node = route.get(next++ % route.size());
            boolean remove = present.size() >= 3 && items % 3 == 0;
            String item = remove ? present.iterator().next() : "s" + id + "-" + items;
            items++;
            String op = remove ? "remove " + item : "add " + item;
            Reply reply = send(node, remove ? "/api/cart/remove?item=" + item : "/api/cart/add?item=" + item);
            if (reply.status != 200) {
                if (remove) {
                    present.remove(item);
                }
                maybe.add(item);
                return;
            }
            List<String> cart = reply.cart();
            String problem = problem(cart, remove ? null : item, remove ? item : null);
            if (problem != null) {
                violations.add("shopper " + id + " on " + node.name + " after " + op + ": " + problem + " in " + cart);
            }
            if (remove) {
                present.remove(item);
                removed.add(item);
                maybe.remove(item);
            } else {
                present.add(item);
            }
            learn(cart);
        }

        /** What a 200 shows settles the fate of earlier unknown outcomes: seen is in, unseen is out. */
        private void learn(List<String> cart) {
            for (String item : new ArrayList<>(maybe)) {
                if (cart.contains(item)) {
                    present.add(item);
                } else if (item.startsWith("s" + id + "-")) {
                    removed.add(item);
                }
                maybe.remove(item);
            }
        }

        private String problem(List<String> cart, String added, String removedNow) {
            for (String item : present) {
                if (!item.equals(removedNow) && !cart.contains(item)) {
                    return "acknowledged item " + item + " missing (lost)";
                }
            }
            for (String item : cart) {
                if (removed.contains(item) || item.equals(removedNow)) {
                    return "removed item " + item + " is back (resurrected)";
                }
                if (!present.contains(item) && !maybe.contains(item) && !item.equals(added)) {
                    return "item " + item + " no acknowledged change explains (divergent)";
                }
            }
            if (added != null && Collections.frequency(cart, added) != 1) {
                return "item " + added + " added " + Collections.frequency(cart, added) + " times";
            }
            return null;
        }

        void checkOn(TestNode node) {
            Reply reply = send(node, "/api/cart");
            if (reply.status != 200) {
                violations.add("shopper " + id + ": final read on " + node.name + " answered " + reply.status);
                return;
            }
            String problem = problem(reply.cart(), null, null);
            if (problem != null) {
                violations.add("shopper " + id + ": final read on " + node.name + ": " + problem + " in "
                        + reply.cart());
            }
        }

        private Reply send(TestNode node, String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.port() + TestNode.PATH + path))
                    .timeout(Duration.ofSeconds(10)).GET();
            if (cookie != null) {
                request.header("Cookie", "JSESSIONID=" + cookie);
            }
            long start = System.nanoTime();
            int status;
            String body = "";
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                body = response.body();
                response.headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith("JSESSIONID="))
                        .findFirst()
                        .ifPresent(c -> cookie = c.substring("JSESSIONID=".length(), c.indexOf(';')));
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = -2;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            answers.add(new Answer(id, node.name, path, status, millis, start));
            return new Reply(status, body);
        }
    }

    private record Reply(int status, String body) {
        List<String> cart() {
            return body.isEmpty() ? List.of() : Arrays.asList(body.split(","));
        }
    }
}
