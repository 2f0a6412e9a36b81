package io.unstick.session.it;

import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rotation of the cluster secret, as the README prescribes it, in the middle of its second step: node 1 still
 * writes with the old secret and accepts the new one (step 1 done), node 2 writes with the new one and accepts the
 * old one (step 2 under way). Every session stays readable and writable on both. Then node 3 joins with the new
 * secret alone (step 3): what moved to the new key opens there; what still lives under the old key does not, which
 * is why step 3 waits until {@code previous_secret_uses} stays at 0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretRotationIT {

    private static final String OLD = "the old secret of the rotation test, 32+ chars";
    private static final String NEW = "the new secret of the rotation test, 32+ chars";
    private static final List<Integer> PORTS = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
    private static final List<TestNode> NODES = new ArrayList<>();

    private static TestNode oldWriter;
    private static TestNode newWriter;

    @BeforeAll
    static void startTheRotatingNodes() {
        oldWriter = node(1, OLD, NEW);
        newWriter = node(2, NEW, OLD);
    }

    @AfterAll
    static void stop() {
        NODES.forEach(TestNode::stop);
    }

    private static TestNode node(int index, String secret, String previous) {
        String members = PORTS.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        TestNode node = TestNode.start("node" + index, manager -> {
            manager.setClusterName("rotation-it");
            manager.setMembers(members);
            manager.setMemberPort(PORTS.get(index - 1));
            manager.setStoreSecret(secret);
            manager.setPreviousStoreSecret(previous);
        });
        NODES.add(node);
        // Traffic starts once the join's migrations are done (CI saw a read during node3's
        // join outlast storeTimeoutMs: 503).
        Eventually.within(Duration.ofSeconds(60), () -> {
            for (TestNode each : NODES) {
                assertThat(each.manager.isClusterSafe()).as(each.name + ": migrations done").isTrue();
            }
        });
        return node;
    }

    @Test
    @Order(1)
    void duringTheRotationEveryNodeReadsAndWritesTheSessionsOfBothSecrets() {
        long previousUses = previousUses();
        Browser underOld = new Browser();
        start(underOld, oldWriter, "old-1");
        Browser underNew = new Browser();
        start(underNew, newWriter, "new-1");

        assertThat(underOld.get(newWriter, "/api/cart/add?item=old-2").asString()).isEqualTo("old-1,old-2");
        assertThat(underNew.get(oldWriter, "/api/cart/add?item=new-2").asString()).isEqualTo("new-1,new-2");

        assertThat(underOld.get(oldWriter, "/api/cart").asString()).isEqualTo("old-1,old-2");
        assertThat(underNew.get(newWriter, "/api/cart").asString()).isEqualTo("new-1,new-2");
        assertThat(previousUses()).as("previous_secret_uses").isGreaterThan(previousUses);
        assertThat(oldWriter.manager.getMetrics().getValuesRefused()
                + newWriter.manager.getMetrics().getValuesRefused()).isZero();
    }

    @Test
    @Order(2)
    void aSessionMovesToTheNewSecretWithItsNextIdAndOnlyWhatMovedOpensWithoutTheOldSecret() {
        Browser moved = new Browser();
        start(moved, oldWriter, "kept");
        Browser leftBehind = new Browser();
        start(leftBehind, oldWriter, "stranded");
        Browser born = new Browser();
        start(born, newWriter, "fresh");

        moved.useSessionId(moved.get(newWriter, "/api/rotate").asString()); // changeSessionId, e.g. at a login

        TestNode newOnly = node(3, NEW, null);
        assertThat(moved.get(newOnly, "/api/cart").asString()).isEqualTo("kept");
        assertThat(born.get(newOnly, "/api/cart").asString()).isEqualTo("fresh");
        assertThat(leftBehind.get(newOnly, "/api/cart").statusCode()).as("still under the old key").isEqualTo(404);
        assertThat(leftBehind.get(newWriter, "/api/cart").asString()).as("until the old secret goes")
                .isEqualTo("stranded");
    }

    /** A new session whose cart holds {@code item}. */
    private static void start(Browser browser, TestNode node, String item) {
        browser.get(node, "/api/create").then().statusCode(200);
        browser.get(node, "/api/cart/add?item=" + item).then().statusCode(200);
    }

    private static long previousUses() {
        return NODES.stream().mapToLong(n -> n.manager.getMetrics().getPreviousSecretUses()).sum();
    }
}
