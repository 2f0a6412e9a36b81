package io.unstick.session.it;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.operationservice.impl.OperationServiceImpl;
import io.unstick.session.ReadinessValve;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness as an operator sees it: a node whose member is alone among three listed members is in a minority — not
 * ready (API, JMX, {@link ReadinessValve}) and refusing sessions at once with 503 — and becomes ready when a second
 * member joins. Readiness is answered without asking the other members, so a balancer may ask it every second.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadinessIT {

    private static final List<TestNode> nodes = new ArrayList<>();
    private static final List<Integer> ports = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::stop);
    }

    @Test
    @Order(1)
    void aMemberAloneAmongThreeIsNotReadyAndRefusesUntilASecondJoins() throws Exception {
        String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        TestNode first = start(1, ports.get(0), members);

        Eventually.within(Duration.ofSeconds(10), () ->
                assertThat(first.manager.getReadiness().reason()).contains("minority"));
        assertThat(first.manager.getReadiness().ready()).isFalse();
        Response down = ready(first);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.jsonPath().getString("status")).isEqualTo("DOWN");
        assertThat(down.jsonPath().getString("reason")).contains("minority");
        assertThat(jmx(first, "Ready")).isEqualTo(false);
        assertThat((String) jmx(first, "Reason")).contains("minority");

        long start = System.nanoTime();
        Response refused = new Browser().get(first, "/api/set?create&name=k&value=v");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(millis).as("refused at once, not after a timeout").isLessThan(first.manager.getStoreTimeoutMs());
        assertThat(first.manager.getMetrics().getStoreRefusals()).isPositive();

        TestNode second = start(2, ports.get(1), members);
        Eventually.within(Duration.ofSeconds(30), () -> {
            assertThat(first.manager.getReadiness().ready()).isTrue();
            assertThat(second.manager.getReadiness().ready()).isTrue();
        });
        Response up = ready(first);
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.jsonPath().getString("status")).isEqualTo("UP");
        assertThat(jmx(first, "Ready")).isEqualTo(true);
        new Browser().get(second, "/api/set?create&name=k&value=v").then().statusCode(200);
    }

    /**
     * Readiness once included Hazelcast's {@code isClusterSafe}, which checks every partition's replicas on every
     * member (about 68 KB between three members per call): with the balancer asking each node every 2 s, an idle
     * cluster moved 105 KB/s between its members. Now only {@code isClusterSafe()} asks them. Runs on the two nodes
     * the first test leaves (one cluster per class).
     */
    @Test
    @Order(2)
    void readinessAsksNoOtherMember() {
        TestNode first = nodes.get(0);
        OperationServiceImpl other = operationsOf(nodes.get(1));
        Eventually.within(Duration.ofSeconds(30), () -> assertThat(first.manager.isClusterSafe()).isTrue());

        long before = other.getExecutedOperationCount();
        for (int i = 0; i < 100; i++) {
            assertThat(first.manager.getReadiness().ready()).isTrue();
            ready(first).then().statusCode(200);
            assertThat(jmx(first, "Ready")).isEqualTo(true);
        }
        long ran = other.getExecutedOperationCount() - before;

        // What runs there meanwhile is the cluster's own background: heartbeats, each node's probe (one a second).
        assertThat(ran).as("operations the second member ran while the first answered 300 readiness checks (API, valve, JMX)")
                .isLessThan(20);
    }

    /**
     * Each node probes the store once a second for its readiness. With {@code IMap.getAsync} every probe started a
     * thread: the future completes a copy of itself on Hazelcast's default asynchronous executor, which is a new
     * thread per task where the common ForkJoinPool has one thread (2 CPUs or fewer, where this fails without the
     * fix: 12–13 such threads in 6 s here). JFR records every thread start with the stack that started it, so threads
     * other tests of this JVM leave starting are told apart. Watched over six probe periods of the two nodes left.
     */
    @Test
    @Order(3)
    void theStoreProbeStartsNoThread() throws Exception {
        long started = DefaultExecutorThreads.startedDuring(() -> {
            long windowEnd = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < windowEnd) {
                assertThat(nodes.get(0).manager.getReadiness().ready()).isTrue();
                Thread.sleep(100);
            }
        });
        System.out.printf("threads Hazelcast's default executor started in 6 s with two nodes probing once a second:"
                + " %d (%d CPUs)%n", started, Runtime.getRuntime().availableProcessors());
        assertThat(started).as("threads Hazelcast's default executor started during 12 probes").isZero();
    }

    /** The operation counter of {@code node}'s Hazelcast member (internal API, tests only). */
    private static OperationServiceImpl operationsOf(TestNode node) {
        HazelcastInstance member = Hazelcast.getHazelcastInstanceByName("unstick-readiness-it-"
                + node.manager.getMemberPort());
        return ((HazelcastInstanceProxy) member).getOriginal().node.getNodeEngine().getOperationService();
    }

    private static TestNode start(int index, int port, String members) {
        TestNode node = TestNode.start("node" + index, manager -> {
            manager.setClusterName("readiness-it");
            manager.setMembers(members);
            manager.setMemberPort(port);
        });
        nodes.add(node);
        node.manager.getContext().getPipeline().addValve(new ReadinessValve());
        return node;
    }

    private static Response ready(TestNode node) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(node.port()).get(TestNode.PATH + "/health/ready");
    }

    private static Object jmx(TestNode node, String attribute) {
        try {
            ObjectName name = new ObjectName(node.name + ":type=UnstickSessionStoreReadiness,host=localhost,context="
                    + TestNode.PATH);
            return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError("JMX attribute " + attribute + " of " + node.name + " not readable", e);
        }
    }
}
