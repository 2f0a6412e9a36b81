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
        return new HazelcastSettings(topology, "shop", members, 5701, file, "unstick-test", "sessions", 2,
                Resilience.DEFAULT);
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

    @Test
    void failureDetectionAndTimeoutsFollowTheStoreTimeoutUnlessTheFileSetsThem(@TempDir Path dir) throws Exception {
        Config defaults = HazelcastConfigs.member(settings(Topology.EMBEDDED, List.of("127.0.0.1:5701"), null), null);

        assertThat(defaults.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(defaults.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
        assertThat(defaults.getProperty("hazelcast.operation.backup.timeout.millis")).isEqualTo("3000");
        assertThat(defaults.getProperty("hazelcast.operation.call.timeout.millis")).isEqualTo("5000");
        assertThat(defaults.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("10");
        assertThat(defaults.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");

        Path file = dir.resolve("hazelcast.xml");
        Files.writeString(file, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <properties>
                    <property name="hazelcast.max.no.heartbeat.seconds">20</property>
                    <property name="hazelcast.shutdownhook.enabled">true</property>
                  </properties>
                </hazelcast>
                """);
        Config fromFile = HazelcastConfigs.member(settings(Topology.EMBEDDED, List.of(), file.toString()), null);

        assertThat(fromFile.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("20");
        assertThat(fromFile.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(fromFile.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
    }

    @Test
    void threeOrMoreMembersGetAMajorityQuorumOnBothMapsAndTwoGetNone() {
        Config three = HazelcastConfigs.member(settings(Topology.EMBEDDED,
                List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"), null), null);

        assertThat(three.getSplitBrainProtectionConfig(HazelcastConfigs.QUORUM).getMinimumClusterSize()).isEqualTo(2);
        assertThat(three.getMapConfig("sessions").getSplitBrainProtectionName()).isEqualTo(HazelcastConfigs.QUORUM);
        assertThat(three.getMapConfig("sessions.expiry-claims").getSplitBrainProtectionName())
                .isEqualTo(HazelcastConfigs.QUORUM);

        Config two = HazelcastConfigs.member(settings(Topology.EMBEDDED,
                List.of("127.0.0.1:5701", "127.0.0.1:5702"), null), null);
        assertThat(two.getSplitBrainProtectionConfigs()).isEmpty();
        assertThat(two.getMapConfig("sessions").getSplitBrainProtectionName()).isNull();

        assertThat(Resilience.defaultMinClusterSize(List.of("a:1", "b:1", "c:1", "d:1", "e:1"))).isEqualTo(3);
        assertThat(new Resilience(2_000, 4, 0).quorum(List.of("a:1", "b:1", "c:1"))).isEqualTo(4);
    }

    @Test
    void aClientGivesUpOnACallWellBeforeHazelcastsTwoMinutes() {
        ClientConfig config = HazelcastConfigs.client(settings(Topology.CLIENT, List.of("127.0.0.1:15701"), null), null);

        assertThat(config.getProperty("hazelcast.client.invocation.timeout.seconds")).isEqualTo("5");
        assertThat(config.getProperty("hazelcast.client.heartbeat.timeout")).isEqualTo("5000");
        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
    }
}
