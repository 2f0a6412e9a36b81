package io.unstick.session.it;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: a member that stalls. Two Tomcat nodes (shared mode) with embedded members and a third member, the
 * stand-alone {@code StoreMember} in a child JVM of its own, which the test pauses with SIGSTOP for 15 s under
 * concurrent cart traffic, then resumes (SIGCONT, always, in a finally). No request may wait longer than the store
 * timeout plus one second; nothing acknowledged is lost once the member is back.
 */
class FreezeIT {

    private static final String CLUSTER = "freeze-it";
    private static final long STORE_TIMEOUT_MS = 2_000;
    private static final Duration FREEZE_FOR = Duration.ofSeconds(15);

    private static final List<TestNode> nodes = new ArrayList<>();
    private static Process member;
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

    private static void awaitUntil(long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            LockSupport.parkNanos(Math.min(100_000_000, deadlineNanos - System.nanoTime()));
        }
    }
}
