package io.unstick.session.it;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import io.restassured.response.Response;
import io.unstick.session.SessionStoreMetrics;
import io.unstick.session.internal.tomcat.HazelcastSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes with localCache=true (hybrid): reads stay local, writes go to the store. Also onUnserializable=warn,
 * whose values stay in the local copy. The last test stops node 1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HybridIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(2, "hybrid-it", manager -> {
        manager.setLocalCache(true);
        manager.setOnUnserializable("warn");
    });

    private final TestNode a = CLUSTER.node(1);
    private final TestNode b = CLUSTER.node(2);

    @Test
    @Order(1)
    void readsOnTheOwningNodeMakeNoRemoteReads() {
        Browser browser = new Browser();
        browser.get(a, "/api/set?create&name=k&value=v").then().statusCode(200);
        SessionStoreMetrics metrics = a.manager.getMetrics();
        long reads = metrics.getStoreReads();
        long hits = metrics.getLocalCacheHits();

        for (int i = 0; i < 5; i++) {
            assertThat(browser.get(a, "/api/get?name=k").asString()).isEqualTo("v");
            browser.get(a, "/api/cart/add?item=i" + i).then().statusCode(200);
        }

        assertThat(metrics.getStoreReads()).isEqualTo(reads);
        assertThat(metrics.getLocalCacheHits() - hits).isGreaterThanOrEqualTo(10);
        assertThat(browser.get(b, "/api/cart").asString()).isEqualTo("i0,i1,i2,i3,i4"); // writes reached the store
    }

    @Test
    @Order(2)
    void sessionsANodeCreatesAreStoredOnItsOwnMemberSoCommitsStayLocal() {
        HazelcastInstance member = Hazelcast.getHazelcastInstanceByName("unstick-hybrid-it-" + a.manager.getMemberPort());
        PartitionService partitions = member.getPartitionService();
        for (int i = 0; i < 30; i++) {
            Browser browser = new Browser();
            browser.get(a, "/api/set?create&name=k&value=v").then().statusCode(200);
            String key = TestCluster.storeKey(browser.sessionId());
            // By chance half of them would be: one in 2^30 that all 30 are.
            assertThat(partitions.getPartition(key).getOwner().localMember()).as("owner of " + key).isTrue();
            browser.get(a, "/api/invalidate").then().statusCode(200);
        }
    }

    @Test
    @Order(3)
    void onlyANodeHoldingACopyHearsOfAnotherNodesWrites() {
        long heardByB = b.manager.getMetrics().getChangesHeard();
        for (int i = 0; i < 20; i++) {
            Browser browser = new Browser();
            browser.get(a, "/api/set?create&name=k&value=v").then().statusCode(200);
            browser.get(a, "/api/cart/add?item=x").then().statusCode(200);
            browser.get(a, "/api/invalidate").then().statusCode(200);
        }
        Browser shared = new Browser();
        shared.get(a, "/api/set?create&name=k&value=v").then().statusCode(200);
        assertThat(shared.get(b, "/api/get?name=k").asString()).isEqualTo("v"); // b now holds a copy
        shared.get(a, "/api/cart/add?item=y").then().statusCode(200);

        // Events travel asynchronously: wait for the one b must hear, then none of the 40 writes before it counted
        Eventually.within(Duration.ofSeconds(10),
                () -> assertThat(b.manager.getMetrics().getChangesHeard()).isGreaterThan(heardByB));
        assertThat(b.manager.getMetrics().getChangesHeard() - heardByB).isEqualTo(1);
        shared.get(a, "/api/invalidate").then().statusCode(200);
    }

    @Test
    @Order(4)
    void localReadsRefreshTheStoresIdleClockAtMostOncePerSlackAndKeepTheSessionAlive() {
        Browser browser = new Browser();
        browser.get(a, "/api/set?create&name=k&value=v").then().statusCode(200);
        browser.get(a, "/api/max?seconds=2").then().statusCode(200); // slack: 200 ms, store TTL: 2.2 s
        SessionStoreMetrics metrics = a.manager.getMetrics();
        long touches = metrics.getTouches();
        long reads = metrics.getStoreReads();
        long start = System.nanoTime();
        int requests = 0;
        while (System.nanoTime() - start < Duration.ofSeconds(4).toNanos()) {
            assertThat(browser.get(a, "/api/get?name=k").asString()).isEqualTo("v");
            requests++;
        }
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        long refreshed = metrics.getTouches() - touches;
        assertThat(refreshed).isPositive().isLessThanOrEqualTo(elapsedMs / 200 + 1).isLessThan(requests);
        assertThat(metrics.getStoreReads()).isEqualTo(reads);
        assertThat(browser.get(b, "/api/get?name=k").asString()).isEqualTo("v"); // alive in the store after 4 s
        browser.get(b, "/api/invalidate").then().statusCode(200); // its expiry must not count in a later test
    }

    @Test
    @Order(5)
    void withOnUnserializableWarnAValueThatCannotBeSerializedStaysInThisNodesCopyOnly() {
        Browser browser = new Browser();
        browser.get(a, "/api/set?create&name=k&value=v").then().statusCode(200);
        long failures = a.manager.getMetrics().getSerializationFailures();

        assertThat(browser.get(a, "/api/bad").asString()).isEqualTo("accepted");

        assertThat(a.manager.getMetrics().getSerializationFailures()).isEqualTo(failures + 1);
        assertThat(browser.get(a, "/api/get?name=socket").asString()).contains("NotSerializableThing");
        assertThat(browser.get(b, "/api/get?name=socket").asString()).isEqualTo("null");
        assertThat(browser.get(b, "/api/get?name=k").asString()).isEqualTo("v");
    }

    @Test
    @Order(6)
    void aNodeTakingASessionBackSeesTheLatestStateNotItsOldCopy() {
        Browser browser = new Browser();
        browser.get(a, "/api/set?create&name=k&value=v1").then().statusCode(200);

        Response onB = browser.get(b, "/api/set?name=k&value=v2");
        assertThat(onB.getCookie("JSESSIONID")).endsWith(".node2");

        Response backOnA = browser.get(a, "/api/get?name=k");
        assertThat(backOnA.asString()).isEqualTo("v2");
        assertThat(backOnA.getCookie("JSESSIONID")).endsWith(".node1");
    }

    @Test
    @Order(7)
    void aCopyInUseWhileAnotherNodeWritesIsNotServedAgain() throws Exception {
        Browser browser = new Browser();
        browser.get(a, "/api/set?create&name=k&value=v1").then().statusCode(200);
        String idOnA = browser.sessionId();
        a.app.hold = new CountDownLatch(1);
        CompletableFuture<Response> holder = CompletableFuture.supplyAsync(() -> sameCookie(idOnA).get(a, "/api/hold"),
                OwnThreads.EXECUTOR);
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(copyOn(a, idOnA).inUse()).isTrue());

        sameCookie(idOnA).get(b, "/api/set?name=k&value=v2").then().statusCode(200);
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(copyOn(a, idOnA).isStale()).isTrue());
        HazelcastSession stale = copyOn(a, idOnA);
        Response meanwhile;
        try {
            meanwhile = sameCookie(idOnA).get(a, "/api/get?name=k");
        } finally {
            a.app.hold.countDown();
        }
        assertThat(meanwhile.asString()).as("a request while the stale copy is in use reads the store")
                .isEqualTo("v2");
        assertThat(holder.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        HazelcastSession kept = copyOn(a, idOnA);
        assertThat(kept).as("the store's state replaced the stale copy").isNotSameAs(stale);
        assertThat(kept.isStale()).isFalse();
        assertThat(sameCookie(idOnA).get(a, "/api/get?name=k").asString()).isEqualTo("v2");
    }

    private static Browser sameCookie(String sessionId) {
        Browser browser = new Browser();
        browser.useSessionId(sessionId);
        return browser;
    }

    private static HazelcastSession copyOn(TestNode node, String sessionId) {
        return Arrays.stream(node.manager.findSessions())
                .filter(s -> s.getIdInternal().equals(sessionId))
                .map(HazelcastSession.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no local copy of " + sessionId + " on " + node.name));
    }

    @Test
    @Order(8)
    void aCachedSessionExpiresOnceClusterWideAndItsCopyIsGone() {
        int destroyed = CLUSTER.sum(n -> n.app.sessionsDestroyed.get());
        int unbound = CLUSTER.sum(n -> n.app.valuesUnbound.get());
        Browser browser = new Browser();
        browser.get(a, "/api/create").then().statusCode(200);
        browser.get(a, "/api/bind").then().statusCode(200);
        browser.get(a, "/api/max?seconds=1").then().statusCode(200);
        String id = browser.sessionId();

        Eventually.within(Duration.ofSeconds(30), () -> {
            assertThat(CLUSTER.sum(n -> n.app.sessionsDestroyed.get()) - destroyed).isEqualTo(1);
            assertThat(CLUSTER.sum(n -> n.app.valuesUnbound.get()) - unbound).isEqualTo(1);
        });
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(Arrays.stream(a.manager.findSessions())
                .noneMatch(s -> s.getIdInternal().equals(id))).isTrue());
        browser.get(a, "/api/get?name=k").then().statusCode(404);
    }

    @Test
    @Order(9)
    void whenTheOwningNodeDiesAnotherTakesOverWithTheLatestCommittedState() {
        Browser browser = new Browser();
        browser.get(a, "/api/create").then().statusCode(200);
        for (String item : new String[] {"apple", "pear", "fig"}) {
            browser.get(a, "/api/cart/add?item=" + item).then().statusCode(200);
        }
        assertThat(browser.sessionId()).endsWith(".node1");

        a.stop();
        Response onB = browser.get(b, "/api/cart");

        assertThat(onB.statusCode()).isEqualTo(200);
        assertThat(onB.asString()).isEqualTo("apple,pear,fig");
        assertThat(browser.sessionId()).endsWith(".node2");
    }
}
