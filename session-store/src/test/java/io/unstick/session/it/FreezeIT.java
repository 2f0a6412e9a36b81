package io.unstick.session.it;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import io.restassured.response.Response;
import io.unstick.session.internal.codec.StoreKeys;
import io.unstick.session.internal.codec.StoreSecret;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: a member that stalls. Two Tomcat nodes (shared mode) with embedded members and a third member, the
 * stand-alone {@code StoreMember} in a child JVM of its own, which the test pauses with SIGSTOP for 15 s under
 * concurrent cart traffic, then resumes (SIGCONT, always, in a finally). No request may wait longer than the store
 * timeout plus one second; nothing acknowledged is lost once the member is back. And a shorter pause between two
 * requests that share a session object: the one that may have read the other's unsaved changes is not acknowledged.
 */
class FreezeIT {

    private static final String CLUSTER = "freeze-it";
    private static final long STORE_TIMEOUT_MS = 2_000;
    private static final Duration FREEZE_FOR = Duration.ofSeconds(15);

    private static final List<TestNode> nodes = new ArrayList<>();
    private static Process member;
    private static int memberPort;
    private static Path memberLog;

    @BeforeAll
    static void startCluster() throws IOException {
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
        String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        memberLog = Files.createTempFile("freeze-it-member", ".log");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dhazelcast.partition.count=" + System.getProperty("hazelcast.partition.count", "271"),
                "-cp", System.getProperty("java.class.path"), "io.unstick.session.store.StoreMember")
                .redirectErrorStream(true).redirectOutput(memberLog.toFile());
        child.environment().put("UNSTICK_HAZELCAST_PORT", String.valueOf(ports.get(2)));
        child.environment().put("UNSTICK_HAZELCAST_MEMBERS", members);
        child.environment().put("UNSTICK_HAZELCAST_CLUSTER", CLUSTER);
        member = child.start();
        for (int i = 0; i < 2; i++) {
            int port = ports.get(i);
            int node = i + 1;
            nodes.add(TestNode.start("node" + node, manager -> {
                manager.setClusterName(CLUSTER);
                manager.setMembers(members);
                manager.setMemberPort(port);
                manager.setStoreTimeoutMs(STORE_TIMEOUT_MS);
            }));
        }
        memberPort = ports.get(2);
        awaitWholeCluster();
    }

    private static void awaitWholeCluster() {
        Eventually.within(Duration.ofSeconds(60), () -> {
            assertThat(member.isAlive()).as("the stand-alone member runs").isTrue();
            for (TestNode node : nodes) {
                assertThat(instance(node).getCluster().getMembers()).hasSize(3);
                assertThat(node.manager.getReadiness().ready()).isTrue();
                assertThat(node.manager.isClusterSafe()).as("migrations done").isTrue();
            }
        });
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (member != null) {
            signal("CONT");
            member.destroy();
            if (!member.waitFor(20, TimeUnit.SECONDS)) {
                member.destroyForcibly();
            }
        }
        for (TestNode node : nodes) {
            node.stop();
        }
    }

    private static HazelcastInstance instance(TestNode node) {
        return Hazelcast.getHazelcastInstanceByName("unstick-" + CLUSTER + "-" + node.manager.getMemberPort());
    }

    private static void signal(String name) throws IOException, InterruptedException {
        // The shell's built-in kill: a bare machine may lack procps's kill(1); Java itself cannot send SIGSTOP.
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + member.pid()).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + name).isTrue();
    }

    @Test
    void aFrozenMemberMakesNoRequestWaitAndLosesNothingAcknowledged() throws Exception {
        CartShoppers shoppers = new CartShoppers();
        for (int i = 0; i < 4; i++) {
            shoppers.add(nodes);
            shoppers.add(List.of(nodes.get(i % 2)));
        }
        try (shoppers) {
            shoppers.start();
            Eventually.within(Duration.ofSeconds(30), () -> assertThat(shoppers.acknowledgedItems())
                    .isGreaterThanOrEqualTo(40));
            long frozenAt = System.nanoTime();
            signal("STOP");
            try {
                awaitUntil(frozenAt + FREEZE_FOR.toNanos());
            } finally {
                signal("CONT");
            }
            long resumedAt = System.nanoTime();
            Eventually.within(Duration.ofSeconds(60), () -> {
                for (TestNode node : nodes) {
                    assertThat(instance(node).getCluster().getMembers()).as(node.name + "'s view").hasSize(3);
                }
            });
            long rejoinedAfter = System.nanoTime() - resumedAt;
            awaitUntil(System.nanoTime() + Duration.ofSeconds(3).toNanos());
            shoppers.stop();
            long served = shoppers.count("node1", 200, frozenAt, resumedAt)
                    + shoppers.count("node2", 200, frozenAt, resumedAt);

            System.out.printf("FreezeIT: %d answers served during the freeze; rejoined %d ms after SIGCONT; longest"
                    + " request %d ms; %d items acknowledged%n", served, rejoinedAfter / 1_000_000,
                    shoppers.maxMillis(), shoppers.acknowledgedItems());
            assertThat(served).as("the nodes serve during the freeze").isPositive();
            shoppers.checkEveryCartOn(nodes);
            assertThat(shoppers.violations).as("lost, resurrected or divergent carts").isEmpty();
            assertThat(shoppers.maxMillis()).as("longest request, ms").isLessThanOrEqualTo(STORE_TIMEOUT_MS + 1_000);
        }
    }

    /**
     * CI saw a shopper's retry answered "already applied" while the cart line it retried was never stored. The first
     * attempt's commit waited on a paused member; its client gave up; the retry came to the same node while that
     * request still ran, shared its session object, found the attempt's idempotency key in it, and had nothing of
     * its own to write. The first attempt's commit then failed and dropped its changes. Here: request A changes the
     * session and its commit waits on the paused owner; request B shares A's session object; A is answered 503;
     * the member resumes; B reads what A left in the object. B must not be acknowledged, and A's value must not be
     * in the store.
     */
    @Test
    void aRequestThatSharedTheSessionOfARequestAnswered503IsNotAcknowledged() throws Exception {
        awaitWholeCluster();
        TestNode node = nodes.get(0);
        Browser browser = sessionOwnedByTheStandAloneMember(node);
        long failures = node.manager.getMetrics().getCommitFailures();
        node.app.barrier = new CyclicBarrier(3);
        node.app.hold = new CountDownLatch(1);
        CompletableFuture<Response> changing;
        CompletableFuture<Response> sharing;
        try {
            changing = CompletableFuture.supplyAsync(
                    () -> browser.get(node, "/api/barrier-set-then-hold?name=k&value=unsaved"), OwnThreads.EXECUTOR);
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(node.app.barrier.getNumberWaiting())
                    .as("A has loaded the session").isEqualTo(1));
            sharing = CompletableFuture.supplyAsync(() -> browser.get(node, "/api/barrier-hold-then-get?name=k"),
                    OwnThreads.EXECUTOR);
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(node.app.barrier.getNumberWaiting())
                    .as("A and B hold the session object").isEqualTo(2));
            signal("STOP");
            try {
                node.app.barrier.await(10, TimeUnit.SECONDS); // A sets the value and commits; the owner is paused
                // A's 503 reaches its client when A ends (it holds); its commit has failed once this counts it.
                Eventually.within(Duration.ofMillis(STORE_TIMEOUT_MS + 10_000), () -> assertThat(
                        node.manager.getMetrics().getCommitFailures()).as("A's commit failed").isGreaterThan(failures));
            } finally {
                signal("CONT");
            }
            awaitWholeCluster();
        } finally {
            node.app.hold.countDown();
        }
        assertThat(changing.get(30, TimeUnit.SECONDS).statusCode()).as("A, whose commit timed out").isEqualTo(503);
        Response b = sharing.get(30, TimeUnit.SECONDS);

        assertThat(b.statusCode()).as("B, which read A's value %s from the shared object", b.asString())
                .isEqualTo(503);
        assertThat(browser.get(nodes.get(1), "/api/get?name=k").asString()).as("the store").isEqualTo("stored");
        assertThat(node.manager.getMetrics().getCommitFailures() - failures).as("A's and B's, once each")
                .isEqualTo(2);
    }

    /** A shopper whose session lives on the stand-alone member's partitions, with k=stored. */
    private static Browser sessionOwnedByTheStandAloneMember(TestNode node) {
        PartitionService partitions = instance(node).getPartitionService();
        for (int i = 0; i < 100; i++) {
            Browser browser = new Browser();
            browser.get(node, "/api/set?create&name=k&value=stored").then().statusCode(200);
            String key = new StoreKeys(StoreSecret.development(CLUSTER), null, TestCluster.MAP)
                    .of(SessionIds.base(browser.sessionId())); // no storeSecret: all on loopback, the development key
            Member owner = partitions.getPartition(key).getOwner();
            if (owner != null && owner.getAddress().getPort() == memberPort) {
                return browser;
            }
        }
        throw new AssertionError("none of 100 sessions is owned by the stand-alone member");
    }

    private static void awaitUntil(long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            LockSupport.parkNanos(Math.min(100_000_000, deadlineNanos - System.nanoTime()));
        }
    }
}
