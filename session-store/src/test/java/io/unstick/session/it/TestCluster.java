package io.unstick.session.it;

import io.unstick.session.HazelcastSessionManager;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Several Tomcat nodes, each embedding a Hazelcast member, joined by TCP-IP on loopback. */
final class TestCluster implements AutoCloseable {

    final List<TestNode> nodes = new ArrayList<>();

    static TestCluster start(int size, String clusterName, Consumer<HazelcastSessionManager> configure) {
        List<Integer> memberPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            memberPorts.add(FreePorts.next());
        }
        String members = memberPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        TestCluster cluster = new TestCluster();
        try {
            for (int i = 0; i < size; i++) {
                int memberPort = memberPorts.get(i);
                cluster.nodes.add(TestNode.start("node" + (i + 1), manager -> {
                    manager.setClusterName(clusterName);
                    manager.setMembers(members);
                    manager.setMemberPort(memberPort);
                    configure.accept(manager);
                }));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
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
