package io.unstick.session.it;

import io.unstick.session.internal.core.SessionIds;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes. Expiry is decided by the store, and one live node delivers sessionDestroyed and valueUnbound per
 * session, also when the node that created the sessions is gone. The last test stops node 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpiryIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3, "expiry-it", manager -> { });


    @Test
    @Order(1)
    void untouchedSessionsExpireWithExactlyOneDestroyedEventEach() {
        List<TestNode> live = CLUSTER.nodes;
        int destroyedBefore = sum(live, Counter.DESTROYED);
        int unboundBefore = sum(live, Counter.UNBOUND);
        int sessions = 4;
        for (int i = 0; i < sessions; i++) {
            createExpiringSession(CLUSTER.node(1 + i % 3));
        }

        Eventually.within(Duration.ofSeconds(30), () ->
                assertThat(sum(live, Counter.DESTROYED) - destroyedBefore).isEqualTo(sessions));
        assertStaysAt(live, destroyedBefore + sessions, unboundBefore + sessions);
    }

    @Test
    @Order(2)
    void sessionsOfANodeThatDiedStillExpireOnceOnTheSurvivors() {
        TestNode creator = CLUSTER.node(3);
        List<TestNode> survivors = List.of(CLUSTER.node(1), CLUSTER.node(2));
        int destroyedBefore = sum(survivors, Counter.DESTROYED);
        int unboundBefore = sum(survivors, Counter.UNBOUND);
        int sessions = 3;
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ids.add(SessionIds.base(createExpiringSession(creator)));
        }

        creator.stop();

        Eventually.within(Duration.ofSeconds(40), () -> {
            assertThat(sum(survivors, Counter.DESTROYED) - destroyedBefore).isEqualTo(sessions);
            assertThat(sum(survivors, Counter.UNBOUND) - unboundBefore).isEqualTo(sessions);
        });
        // The survivors never held these sessions: they deliver them under their real ids, read from the store.
        assertThat(survivors.stream().flatMap(n -> n.app.destroyedIds.stream()).map(SessionIds::base))
                .containsAll(ids);
        assertStaysAt(survivors, destroyedBefore + sessions, unboundBefore + sessions);
        long expiredCounted = survivors.stream().mapToLong(n -> n.manager.getMetrics().getSessionsExpired()).sum();
        assertThat(expiredCounted).isGreaterThanOrEqualTo(sessions);
    }

    private static String createExpiringSession(TestNode node) {
        Browser browser = new Browser();
        browser.get(node, "/api/create").then().statusCode(200);
        browser.get(node, "/api/bind").then().statusCode(200);
        browser.get(node, "/api/max?seconds=1").then().statusCode(200);
        return browser.sessionId();
    }

    /** A duplicate delivery would arrive within moments of the first; watch the counters for two seconds. */
    private static void assertStaysAt(List<TestNode> nodes, int destroyed, int unbound) {
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        do {
            assertThat(sum(nodes, Counter.DESTROYED)).isEqualTo(destroyed);
            assertThat(sum(nodes, Counter.UNBOUND)).isEqualTo(unbound);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (System.nanoTime() < until);
    }

    private enum Counter { DESTROYED, UNBOUND }

    private static int sum(List<TestNode> nodes, Counter counter) {
        return nodes.stream()
                .mapToInt(n -> counter == Counter.DESTROYED ? n.app.sessionsDestroyed.get() : n.app.valuesUnbound.get())
                .sum();
    }
}
