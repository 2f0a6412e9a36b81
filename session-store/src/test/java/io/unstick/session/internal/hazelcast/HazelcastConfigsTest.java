package io.unstick.session.internal.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HazelcastConfigsTest {

    private static HazelcastSettings settings(Topology topology, List<String> members, String file) {
        return new HazelcastSettings(topology, "shop", members, 5701, file, "unstick-test", "sessions", 2);
    }

    @Test
    void aMemberJoinsByTcpIpOnTheGivenAddressesWithMulticastAndPhoneHomeOff() {
        Config config = HazelcastConfigs.member(
                settings(Topology.EMBEDDED, List.of("127.0.0.1:5701", "127.0.0.1:5702"), null), null);

        assertThat(config.getClusterName()).isEqualTo("shop");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                .containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getMapConfig("sessions").getBackupCount()).isEqualTo(2);
    }

    @Test
    void multicastInAGivenFileIsSwitchedOffAndPhoneHomeDisabled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hazelcast.xml");
        // An operator's file that asks for multicast; it is only parsed here, never used to start a member.
        boolean requested = true;
        Files.writeString(file, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>from-file</cluster-name>
                  <properties><property name="hazelcast.phone.home.enabled">true</property></properties>
                  <network><join><multicast enabled="%s"/></join></network>
                </hazelcast>
                """.formatted(requested));

        Config config = HazelcastConfigs.member(settings(Topology.EMBEDDED, List.of(), file.toString()), null);

        assertThat(config.getClusterName()).isEqualTo("from-file");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    }

    @Test
    void aClientConnectsToTheGivenAddressesWithPhoneHomeOff() {
        ClientConfig config = HazelcastConfigs.client(settings(Topology.CLIENT, List.of("127.0.0.1:15701"), null), null);

        assertThat(config.getNetworkConfig().getAddresses()).containsExactly("127.0.0.1:15701");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getClusterName()).isEqualTo("shop");
    }

    @Test
    void invalidSettingsAreRejectedNamingTheAttribute() {
        assertThatThrownBy(() -> settings(Topology.EMBEDDED, List.of("no-port"), null))
                .hasMessageContaining("members must be host:port");
        assertThatThrownBy(() -> settings(Topology.CLIENT, List.of(), null))
                .hasMessageContaining("topology=client needs members");
        assertThat(HazelcastSettings.parseMembers(" a:1, b:2 ,")).containsExactly("a:1", "b:2");
    }
}
