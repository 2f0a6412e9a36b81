package io.unstick.session.it;

import io.restassured.response.Response;
import io.unstick.session.SessionStoreMetrics;
import io.unstick.session.internal.core.SessionIds;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session flood is contained on the manager's side (two shared-mode nodes): a repeated unknown or forged id costs
 * no store read per request; a session that holds nothing lives a short idle timeout; {@code maxActiveSessions} is
 * honoured across the cluster, with 503 on create. The cap fills the store, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionFloodIT {

    private static final int MAX_SESSIONS = 15;
    private static final int EMPTY_SECONDS = 3;
    private static final int CONTEXT_DEFAULT_SECONDS = 30 * 60;
    private static final String FORGED = "0123456789ABCDEF0123456789ABCDEF.node1";

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(2, "flood-it", manager -> {
        manager.setMaxActiveSessions(MAX_SESSIONS);
        manager.setEmptySessionTimeoutSeconds(EMPTY_SECONDS);
    });

    @Test
    @Order(1)
    void aRepeatedForgedIdCostsOneStoreReadPerCacheLifetimeNotOnePerRequest() {
        TestNode a = CLUSTER.node(1);
        SessionStoreMetrics metrics = a.manager.getMetrics();
        Browser attacker = new Browser();
        attacker.useSessionId(FORGED);
        long readsBefore = metrics.getStoreReads();
        long unknownBefore = metrics.getUnknownSessionIds();

        for (int i = 0; i < 50; i++) {
            assertThat(attacker.get(a, "/api/get?name=user").statusCode()).isEqualTo(404);
        }

        assertThat(metrics.getStoreReads() - readsBefore).as("store reads for 50 requests").isBetween(1L, 2L);
        assertThat(metrics.getUnknownSessionIds() - unknownBefore).isGreaterThanOrEqualTo(50);
        assertThat(metrics.getUnknownIdsRemembered()).isGreaterThanOrEqualTo(49);
        // Remembered for unknownIdCacheMs (3 s) only: then the store is asked again.
        Eventually.within(Duration.ofSeconds(30), () -> {
            attacker.get(a, "/api/get?name=user").then().statusCode(404);
            assertThat(metrics.getStoreReads() - readsBefore).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    @Order(2)
    void anEmptySessionLivesTheShortTimeoutUntilItHoldsSomething() {
        TestNode a = CLUSTER.node(1);
        TestNode b = CLUSTER.node(2);
        Browser idle = new Browser();
        idle.get(a, "/api/create").then().statusCode(200);
        Browser shopper = new Browser();
        shopper.get(a, "/api/create").then().statusCode(200);

        assertThat(idle.get(b, "/api/max").asString()).isEqualTo(String.valueOf(EMPTY_SECONDS));
        shopper.get(b, "/api/cart/add?item=apple").then().statusCode(200);
        assertThat(shopper.get(a, "/api/max").asString()).as("holds a cart")
                .isEqualTo(String.valueOf(CONTEXT_DEFAULT_SECONDS));

        // Watched through the destroyed events, since a request would keep it alive.
        String idleBase = SessionIds.base(idle.sessionId());
        Eventually.within(Duration.ofSeconds(60), () -> assertThat(CLUSTER.nodes.stream()
                .flatMap(node -> node.app.destroyedIds.stream()).map(SessionIds::base))
                .as("the empty session expired").contains(idleBase));
        assertThat(idle.get(b, "/api/max").statusCode()).isEqualTo(404);
        assertThat(shopper.get(b, "/api/cart").asString()).isEqualTo("apple");
    }

    @Test
    @Order(3)
    void maxActiveSessionsHoldsAcrossTheClusterWith503OnCreate() {
        TestNode a = CLUSTER.node(1);
        TestNode b = CLUSTER.node(2);
        Browser kept = new Browser();
        kept.get(a, "/api/set?create&name=user&value=kept").then().statusCode(200);

        int created = 0;
        Response refused = null;
        for (int i = 0; i < MAX_SESSIONS + 5 && refused == null; i++) {
            Response response = new Browser().get(a, "/api/set?create&name=user&value=" + i);
            if (response.statusCode() == 503) {
                refused = response;
            } else {
                response.then().statusCode(200);
                created++;
            }
        }
        assertThat(refused).as("node1 refused a session after " + created).isNotNull();
        assertThat(created).isLessThan(MAX_SESSIONS);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getCookie("JSESSIONID")).as("no session for the refused request").isNull();

        // node2 created none of them, yet refuses as soon as it has counted the store (at most once a second).
        long refusedBefore = b.manager.getMetrics().getSessionsRefused();
        Eventually.within(Duration.ofSeconds(20), () ->
                assertThat(new Browser().get(b, "/api/create").statusCode()).isEqualTo(503));
        assertThat(b.manager.getMetrics().getSessionsRefused()).isGreaterThan(refusedBefore);
        assertThat(kept.get(b, "/api/get?name=user").asString()).as("existing sessions go on").isEqualTo("kept");
    }
}
