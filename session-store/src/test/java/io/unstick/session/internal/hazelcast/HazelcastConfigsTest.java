package io.unstick.session.internal.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EndpointConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.ProtocolType;
import io.unstick.session.internal.core.WireTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.unstick.session.internal.codec.StoreSecrets.Reach.LOOPBACK;
import static io.unstick.session.internal.codec.StoreSecrets.Reach.NETWORK;
import static io.unstick.session.internal.codec.StoreSecrets.Reach.THIS_MEMBER_ON_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HazelcastConfigsTest {

    private static HazelcastSettings settings(Topology topology, List<String> members, String file) {
        return new HazelcastSettings(topology, "shop", members, 5701, file, "unstick-test", "sessions", 2,
                Resilience.DEFAULT);
    }

    /** What decides whether a store may start without a secret (StoreSecrets): who can reach it. */
    @Test
    void aStoreIsConfinedToLoopbackOnlyWhenEveryAddressInvolvedIsALoopbackAddress() {
        List<String> loopback = List.of("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(settings(Topology.EMBEDDED, List.of(), null).reach()).isEqualTo(THIS_MEMBER_ON_LOOPBACK);
        assertThat(settings(Topology.EMBEDDED, List.of("127.0.0.1:5701"), null).reach())
                .isEqualTo(THIS_MEMBER_ON_LOOPBACK);
        assertThat(settings(Topology.EMBEDDED, loopback, null).reach()).isEqualTo(LOOPBACK);
        assertThat(settings(Topology.CLIENT, List.of("127.0.0.1:5701"), null).reach()).isEqualTo(LOOPBACK);

        assertThat(settings(Topology.EMBEDDED, List.of("127.0.0.1:5701", "10.0.0.2:5701"), null).reach())
                .as("another member off loopback").isEqualTo(NETWORK);
        assertThat(settings(Topology.CLIENT, List.of("10.0.0.5:5701"), null).reach()).isEqualTo(NETWORK);
        assertThat(settings(Topology.EMBEDDED, loopback, "/etc/hazelcast.xml").reach())
                .as("a configuration file decides its own network").isEqualTo(NETWORK);
    }

    @Test
    void aMemberJoinsByTcpIpOnTheGivenAddressesWithMulticastAndPhoneHomeOff() {
        Config config = HazelcastConfigs.member(
                settings(Topology.EMBEDDED, List.of("127.0.0.1:5701", "127.0.0.1:5702"), null), null);

        assertThat(config.getClusterName()).isEqualTo("shop");
        JoinConfig join = config.getAdvancedNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getMapConfig("sessions").getBackupCount()).isEqualTo(2);
    }

    @Test
    void aMemberListensOnItsOwnAddressOnlyAndSpeaksOnlyTheMemberProtocol() {
        Config config = HazelcastConfigs.member(
                settings(Topology.EMBEDDED, List.of("127.0.0.1:5701", "127.0.0.1:5702"), null), null);

        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(config.getAdvancedNetworkConfig().isEnabled()).isTrue();
        Map<EndpointQualifier, EndpointConfig> endpoints = config.getAdvancedNetworkConfig().getEndpointConfigs();
        assertThat(endpoints.keySet()).extracting(EndpointQualifier::getType).containsExactly(ProtocolType.MEMBER);
        ServerSocketEndpointConfig member = (ServerSocketEndpointConfig) endpoints.get(EndpointQualifier.MEMBER);
        assertThat(member.getPort()).isEqualTo(5701);
        assertThat(member.isPortAutoIncrement()).isFalse();
        assertThat(member.getInterfaces().isEnabled()).isTrue();
        assertThat(member.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    }

    @Test
    void clientsGetAnEndpointOnlyWhenAskedFor() {
        HazelcastSettings separate = new HazelcastSettings(Topology.EMBEDDED, "shop", List.of("127.0.0.1:5701"), 5701,
                null, "unstick-test", "sessions", 1, Resilience.DEFAULT, null, 5801);
        Map<EndpointQualifier, EndpointConfig> endpoints =
                HazelcastConfigs.member(separate, null).getAdvancedNetworkConfig().getEndpointConfigs();
        assertThat(((ServerSocketEndpointConfig) endpoints.get(EndpointQualifier.CLIENT)).getPort()).isEqualTo(5801);

        HazelcastSettings shared = new HazelcastSettings(Topology.EMBEDDED, "shop", List.of("127.0.0.1:5701"), 5701,
                null, "unstick-test", "sessions", 1, Resilience.DEFAULT, null, 5701);
        Config onePort = HazelcastConfigs.member(shared, null);
        assertThat(onePort.getAdvancedNetworkConfig().isEnabled()).isFalse();
        assertThat(onePort.getNetworkConfig().getPort()).isEqualTo(5701);
        assertThat(onePort.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(onePort.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    void aFileThatAsksForEveryInterfaceKeepsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hazelcast.xml");
        Files.writeString(file, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <properties><property name="hazelcast.socket.bind.any">true</property></properties>
                </hazelcast>
                """);
        Path silent = dir.resolve("silent.xml");
        Files.writeString(silent, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config"/>
                """);

        assertThat(HazelcastConfigs.member(settings(Topology.EMBEDDED, List.of(), file.toString()), null)
                .getProperty("hazelcast.socket.bind.any")).isEqualTo("true");
        assertThat(HazelcastConfigs.member(settings(Topology.EMBEDDED, List.of(), silent.toString()), null)
                .getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
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
    void membersAndClientsSendTheStoresClassesByNumberWhateverTheSourceOfTheirConfiguration(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("hazelcast.xml"),
                "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\"/>");
        for (SerializationConfig config : List.of(
                HazelcastConfigs.member(settings(Topology.EMBEDDED, List.of(), null), null).getSerializationConfig(),
                HazelcastConfigs.member(settings(Topology.EMBEDDED, List.of(), file.toString()), null)
                        .getSerializationConfig(),
                HazelcastConfigs.client(settings(Topology.CLIENT, List.of("127.0.0.1:5701"), null), null)
                        .getSerializationConfig())) {
            assertThat(config.getDataSerializableFactories()).containsKey(WireTypes.FACTORY_ID);
        }
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
