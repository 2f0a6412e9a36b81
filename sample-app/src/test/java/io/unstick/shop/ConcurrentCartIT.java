package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many requests of one session at once lose no update to its cart. */
class ConcurrentCartIT {

    private static final int THREADS = 8;
    private static final int ADDS_PER_THREAD = 50;

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    @Test
    void concurrentAddsToOneCartLoseNothing() throws Exception {
        CookieFilter jar = new CookieFilter();
        shop.shopper(jar).get("/api/session").then().statusCode(200);
        List<String> products = shop.shopper().get("/api/products").then().extract().path("id");
        String sessionCookie = jar.getCookieStore().getCookies().get(0).getValue();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        // All threads fire their first add together: the cart does not exist yet, so they race to create it.
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await(1, TimeUnit.MINUTES);
                    for (int i = 0; i < ADDS_PER_THREAD; i++) {
                        // Threads cycle through the same products, so they contend on every cart line.
                        String product = products.get((thread + i) % THREADS);
                        shop.shopper().cookie("JSESSIONID", sessionCookie)
                                .body(Map.of("productId", product, "quantity", 1))
                                .post("/api/cart/items").then().statusCode(200);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Integer> quantities = new java.util.HashMap<>();
        List<Map<String, Object>> items = shop.shopper(jar).get("/api/cart").then().statusCode(200).extract().path("items");
        items.forEach(item -> quantities.put((String) item.get("productId"), (Integer) item.get("quantity")));
        assertThat(quantities).hasSize(THREADS);
        for (int t = 0; t < THREADS; t++) {
            assertThat(quantities).containsEntry(products.get(t), ADDS_PER_THREAD);
        }
    }
}
