package io.unstick.session.it;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.unstick.session.HazelcastSessionManager;
import io.unstick.session.internal.codec.StoreKeys;
import io.unstick.session.internal.codec.StoreSecret;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several Tomcat nodes, each embedding a Hazelcast member, joined by TCP-IP on loopback; one cluster per test
 * class:
 * <pre>{@code
 * @RegisterExtension
 * static final TestCluster CLUSTER = TestCluster.of(2, "shared-it", manager -> manager.setLocalCache(true));
 * }</pre>
 */
final class TestCluster implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** The cluster secret every test node gets (a test may set another one after it). */
    static final String SECRET = "the integration tests' cluster secret, 32+ chars";
    /** The map of the test nodes' context {@code /app} on host localhost: the manager's default map name. */
    static final String MAP = "unstick-sessions:localhost" + TestNode.PATH;

    final List<TestNode> nodes = new ArrayList<>();
    private final int size;
    private final String clusterName;
    private final Consumer<HazelcastSessionManager> configure;
    private final List<Integer> memberPorts;

    private TestCluster(int size, String clusterName, Consumer<HazelcastSessionManager> configure,
                        List<Integer> memberPorts) {
        this.size = size;
        this.clusterName = clusterName;
        this.configure = configure;
        this.memberPorts = memberPorts;
    }

    /** A cluster that starts before the test class's tests and stops after them. */
    static TestCluster of(int size, String clusterName, Consumer<HazelcastSessionManager> configure) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(FreePorts.next());
        }
        return new TestCluster(size, clusterName, configure, ports);
    }

    /** The same, with the members on the given ports (a test that looks at them knows them beforehand). */
    static TestCluster of(int size, String clusterName, Consumer<HazelcastSessionManager> configure,
                          Integer... memberPorts) {
        if (memberPorts.length != size) {
            throw new IllegalArgumentException(size + " nodes need " + size + " member ports");
        }
        return new TestCluster(size, clusterName, configure, List.of(memberPorts));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void start() {
        String members = memberPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        try {
            for (int i = 0; i < size; i++) {
                int memberPort = memberPorts.get(i);
                nodes.add(TestNode.start("node" + (i + 1), manager -> {
                    manager.setClusterName(clusterName);
                    manager.setMembers(members);
                    manager.setMemberPort(memberPort);
                    manager.setStoreSecret(SECRET);
                    configure.accept(manager);
                }));
            }
            awaitJoinedAndSafe();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Traffic starts once every member has joined and the first migrations are done (clusterSafe): on a loaded
     * machine a write during a migration can outlast the store timeout (503), and a new session's partition can still
     * move away from the member that picked its id.
     */
    private void awaitJoinedAndSafe() {
        Eventually.within(Duration.ofSeconds(60), () -> {
            for (TestNode node : nodes) {
                HazelcastInstance member = Hazelcast.getHazelcastInstanceByName(
                        "unstick-" + clusterName + "-" + node.manager.getMemberPort());
                if (member != null) { // a test's configuration may name the instance otherwise
                    assertThat(member.getCluster().getMembers()).as(node.name + "'s members").hasSize(size);
                }
                assertThat(node.manager.getReadiness().ready()).as(node.name + " ready").isTrue();
                assertThat(node.manager.isClusterSafe()).as(node.name + ": migrations done").isTrue();
            }
        });
    }

    /** The store key of a session id, as the nodes derive it from {@link #SECRET}. */
    static String storeKey(String sessionId) {
        return new StoreKeys(StoreSecret.of(SECRET, "test"), null, MAP).of(SessionIds.base(sessionId));
    }

    TestNode node(int oneBased) {
        return nodes.get(oneBased - 1);
    }

    int sum(java.util.function.ToIntFunction<TestNode> counter) {
        return nodes.stream().mapToInt(counter).sum();
    }

    @Override
    public void close() {
        for (TestNode node : nodes) {
            try {
                node.stop();
            } catch (RuntimeException e) {
                System.err.println("Stopping " + node.name + " failed: " + e);
            }
        }
    }
}
