package io.unstick.lab.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShopperHistoryTest {

    @Test
    void aFindingComesWithTheSameShoppersLinesBeforeIt() {
        String history = ShopperHistory.of(List.of(
                "01:13:47.060 shopper 22 session 3B422EAC POST /api/login {username=s22v2} → 503 node1 2163 ms: failed",
                "01:13:47.100 shopper 5 session 40547E1F GET /api/cart → 200 node3 20 ms: ok",
                "01:13:49.424 shopper 22 session 3B422EAC POST /api/cart/items {quantity=1, productId=scale} key 4d73 → 200 node1 40 ms: ok",
                "01:13:49.424 shopper 22 session 3B422EAC POST /api/cart/items {quantity=1, productId=scale} key 4d73 → 200 node1 40 ms:"
                        + " session reset: a new session 6C28FAA4",
                "01:13:50.000 shopper 5 session 40547E1F GET /api/session → 200 node3 9 ms: ok"));

        assertThat(history.lines()).containsExactly(
                "01:13:47.060 shopper 22 session 3B422EAC POST /api/login {username=s22v2} → 503 node1 2163 ms: failed",
                "01:13:49.424 shopper 22 session 3B422EAC POST /api/cart/items {quantity=1, productId=scale} key 4d73 → 200 node1 40 ms: ok",
                "01:13:49.424 shopper 22 session 3B422EAC POST /api/cart/items {quantity=1, productId=scale} key 4d73 → 200 node1 40 ms:"
                        + " session reset: a new session 6C28FAA4");
    }

    @Test
    void aLogWithoutFindingsGivesNothing() {
        assertThat(ShopperHistory.of(List.of(
                "01:13:49.752 shopper 11 session 4E8B1885 GET /api/session → 200 node1 1039 ms: ok",
                "01:13:49.924 shopper 11 session FFD2E48D POST /api/cart/items {quantity=1, productId=apron} key fe8d → 200 node1 49 ms: ok")))
                .isEmpty();
    }

    @Test
    void manyFindingsAreBoundedAndCounted() {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            log.add("01:13:50.%03d shopper %d session AAAA GET /api/cart → 200 node1 5 ms: ok".formatted(i, i % 7));
            log.add("01:13:50.%03d shopper %d session AAAA GET /api/cart → 200 node1 5 ms: cart differs: lost 1".formatted(i, i % 7));
        }

        String history = ShopperHistory.of(log);

        assertThat(history).contains("... and 46 more finding(s) in the log");
        assertThat(history.lines().filter(line -> line.contains("cart differs"))).hasSize(ShopperHistory.FINDINGS);
        assertThat(history.lines().count()).isLessThanOrEqualTo(ShopperHistory.FINDINGS * (ShopperHistory.LINES_BEFORE + 2L) + 1);
    }
}
