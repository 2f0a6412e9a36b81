package io.unstick.session.it;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.unstick.session.HazelcastSessionManager;
import io.unstick.testsupport.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat nodes whose embedded members each bind, advertise and dial from an address of their own in 127.0.0.0/8, so
 * that a {@link LoopbackCut} can cut one off. Started ready: every member sees the others, migrations done.
 */
final class AddressedCluster implements AutoCloseable {

    final List<TestNode> nodes = new ArrayList<>();
    final LoopbackCut cut;
    private final String name;

    /**
     * @param properties Hazelcast properties of every member, beside the address ones
     * @param configure  sets each manager's attributes beyond its configuration file, secret and instance name
     */
    AddressedCluster(String name, List<String> addresses, Map<String, String> properties,
                     Consumer<HazelcastSessionManager> configure) throws IOException {
        this.name = name;
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            ports.add(FreePorts.next());
        }
        String members = "";
        for (int i = 0; i < addresses.size(); i++) {
            members += "<member>" + addresses.get(i) + ":" + ports.get(i) + "</member>";
        }
        this.cut = new LoopbackCut(ports);
        try {
            start(addresses, ports, members, properties, configure);
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void start(List<String> addresses, List<Integer> ports, String members, Map<String, String> properties,
                       Consumer<HazelcastSessionManager> configure) throws IOException {
        for (int i = 0; i < addresses.size(); i++) {
            int node = i + 1;
            Path config = Files.createTempFile(name + "-node" + node, ".xml");
            Files.writeString(config, memberConfig(addresses.get(i), ports.get(i), members, properties));
            nodes.add(TestNode.start("node" + node, manager -> {
                manager.setHazelcastConfig(config.toString());
                manager.setStoreSecret(TestCluster.SECRET); // a configuration file may open the store to the network
                manager.setHazelcastInstanceName(name + "-node" + node);
                configure.accept(manager);
            }));
        }
        Eventually.within(Duration.ofSeconds(60), () -> {
            for (TestNode node : nodes) {
                assertThat(node.manager.getReadiness().ready()).as(node.name + " ready").isTrue();
                assertThat(node.manager.isClusterSafe()).as(node.name + ": migrations done").isTrue();
                assertThat(member(node).getCluster().getMembers()).hasSize(addresses.size());
            }
        });
    }

    private String memberConfig(String address, int port, String members, Map<String, String> properties) {
        StringBuilder more = new StringBuilder();
        properties.forEach((key, value) -> more.append("<property name=\"").append(key).append("\">").append(value)
                .append("</property>"));
        return """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <properties>
                    <property name="hazelcast.local.localAddress">%s</property>
                    <property name="hazelcast.socket.bind.any">false</property>
                    <property name="hazelcast.socket.client.bind.any">false</property>
                    %s
                  </properties>
                  <network>
                    <port auto-increment="false">%d</port>
                    <join><tcp-ip enabled="true"><member-list>%s</member-list></tcp-ip></join>
                  </network>
                </hazelcast>
                """.formatted(name, address, more, port, members);
    }

    HazelcastInstance member(TestNode node) {
        return Hazelcast.getHazelcastInstanceByName(name + "-" + node.name);
    }

    /** Removes the cut's rules first, so that a failed start or test leaves none behind. */
    @Override
    public void close() {
        cut.close();
        for (TestNode node : nodes) {
            node.stop();
        }
    }
}
