package io.unstick.shop;

import io.unstick.shop.peers.RedisSessions;
import io.unstick.shop.peers.TribesReplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopConfigTest {

    @Test
    void defaults() {
        ShopConfig config = ShopConfig.fromEnvironment(Map.of("UNSTICK_NODE_NAME", "n1"));
        assertThat(config.mode()).isEqualTo(Mode.SHARED);
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.nodeName()).isEqualTo("n1");
        assertThat(config.bindAddress()).as("loopback unless told otherwise").isEqualTo("127.0.0.1");
        assertThat(config.management()).isEqualTo(new ShopConfig.Management("127.0.0.1", 9081));
        assertThat(config.emptySessionTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsEveryVariable() {
        ShopConfig config = ShopConfig.fromEnvironment(Map.of("UNSTICK_MODE", " Hybrid ", "UNSTICK_NODE_NAME", "node-2",
                "UNSTICK_PORT", "9000", "UNSTICK_BIND_ADDRESS", "0.0.0.0", "UNSTICK_MANAGEMENT_PORT", "0",
                "UNSTICK_MANAGEMENT_BIND_ADDRESS", "127.0.0.2", "UNSTICK_EMPTY_SESSION_TIMEOUT", "2m"));
        assertThat(config).isEqualTo(new ShopConfig(Mode.HYBRID, "node-2", "0.0.0.0", 9000,
                new ShopConfig.Management("127.0.0.2", 0), List.of(), 5701, "embedded", null, Duration.ofMinutes(2)));
    }

    @Test
    void readsTheSessionStoreVariables() {
        ShopConfig config = ShopConfig.fromEnvironment(Map.of("UNSTICK_NODE_NAME", "n1",
                "UNSTICK_HAZELCAST_MEMBERS", "127.0.0.1:5701, 127.0.0.2:5702",
                "UNSTICK_HAZELCAST_PORT", "5702", "UNSTICK_HAZELCAST_TOPOLOGY", "Client"));
        assertThat(config.hazelcastMembers()).containsExactly("127.0.0.1:5701", "127.0.0.2:5702");
        assertThat(config.hazelcastPort()).isEqualTo(5702);
        assertThat(config.hazelcastTopology()).isEqualTo("client");
    }

    @Test
    void withoutMembersTheStoreIsThisNodesOwnLoopbackMember() {
        ShopConfig config = ShopConfig.fromEnvironment(Map.of("UNSTICK_NODE_NAME", "n1"));
        assertThat(config.hazelcastPort()).isEqualTo(5701);
        assertThat(config.hazelcastTopology()).isEqualTo("embedded");
        assertThat(config.hazelcastMembersOrDefault()).containsExactly("127.0.0.1:5701");
    }

    @Test
    void readsThePeerSessionManagers() {
        assertThat(ShopConfig.fromEnvironment(Map.of("UNSTICK_MODE", "sticky", "UNSTICK_SESSION_MANAGER", " Backup ",
                "UNSTICK_TRIBES_PORT", "4002", "UNSTICK_TRIBES_MEMBERS", "127.0.0.1:4001, 127.0.0.1:4002")).peer())
                .isEqualTo(new TribesReplication(TribesReplication.Kind.BACKUP, 4002,
                        List.of("127.0.0.1:4001", "127.0.0.1:4002")));
        assertThat(ShopConfig.fromEnvironment(Map.of("UNSTICK_MODE", "sticky", "UNSTICK_SESSION_MANAGER", "delta")).peer())
                .as("defaults: port 4000, only this node").isEqualTo(new TribesReplication(TribesReplication.Kind.DELTA,
                        4000, List.of()));
        assertThat(ShopConfig.fromEnvironment(Map.of("UNSTICK_SESSION_MANAGER", "redis")).peer())
                .as("Redisson's own defaults; shared routing is fine for them")
                .isEqualTo(new RedisSessions(6379, RedisSessions.ReadMode.REDIS, RedisSessions.UpdateMode.DEFAULT));
        assertThat(ShopConfig.fromEnvironment(Map.of("UNSTICK_MODE", "sticky", "UNSTICK_SESSION_MANAGER", "redis",
                "UNSTICK_REDIS_PORT", "16379", "UNSTICK_REDIS_READ_MODE", "memory",
                "UNSTICK_REDIS_UPDATE_MODE", "after_request")).peer())
                .isEqualTo(new RedisSessions(16379, RedisSessions.ReadMode.MEMORY, RedisSessions.UpdateMode.AFTER_REQUEST));
        assertThat(ShopConfig.fromEnvironment(Map.of("UNSTICK_SESSION_MANAGER", "mode")).peer()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "UNSTICK_MODE=shared UNSTICK_SESSION_MANAGER=delta | UNSTICK_SESSION_MANAGER=delta needs UNSTICK_MODE=sticky",
            "UNSTICK_MODE=hybrid UNSTICK_SESSION_MANAGER=backup | UNSTICK_SESSION_MANAGER=backup needs UNSTICK_MODE=sticky",
            "UNSTICK_MODE=hybrid UNSTICK_SESSION_MANAGER=redis | UNSTICK_SESSION_MANAGER=redis needs UNSTICK_MODE=sticky or shared",
            "UNSTICK_MODE=shared UNSTICK_SESSION_MANAGER=redis UNSTICK_REDIS_READ_MODE=MEMORY | needs UNSTICK_MODE=sticky with UNSTICK_REDIS_READ_MODE=MEMORY",
            "UNSTICK_SESSION_MANAGER=memcached | UNSTICK_SESSION_MANAGER must be mode, delta, backup or redis",
            "UNSTICK_MODE=sticky UNSTICK_SESSION_MANAGER=delta UNSTICK_TRIBES_MEMBERS=10.0.0.1:4000 | UNSTICK_TRIBES_MEMBERS must be comma-separated 127.0.0.1:port",
            "UNSTICK_SESSION_MANAGER=redis UNSTICK_REDIS_PORT=0 | UNSTICK_REDIS_PORT must be 1..65535",
            "UNSTICK_SESSION_MANAGER=redis UNSTICK_REDIS_READ_MODE=disk | UNSTICK_REDIS_READ_MODE must be one of [REDIS, MEMORY]",
            "UNSTICK_SESSION_MANAGER=redis UNSTICK_REDIS_UPDATE_MODE=never | UNSTICK_REDIS_UPDATE_MODE must be one of [DEFAULT, AFTER_REQUEST]",
    })
    void refusesAPeerWithTheWrongRoutingOrSettings(String variables, String message) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("UNSTICK_NODE_NAME", "n1"));
        for (String pair : variables.trim().split(" ")) {
            env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        assertThatThrownBy(() -> ShopConfig.fromEnvironment(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void withoutANodeNameUsesTheHostName() {
        assertThat(ShopConfig.fromEnvironment(Map.of()).nodeName()).matches("[A-Za-z0-9_-]{1,64}");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "UNSTICK_MODE, roundrobin, UNSTICK_MODE must be one of sticky, shared, hybrid",
            "UNSTICK_PORT, eighty, UNSTICK_PORT must be a number",
            "UNSTICK_PORT, 70000, UNSTICK_PORT must be 0..65535",
            "UNSTICK_NODE_NAME, a.b, UNSTICK_NODE_NAME must be 1-64 characters",
            "UNSTICK_NODE_NAME, 'a b', UNSTICK_NODE_NAME must be 1-64 characters",
            "UNSTICK_HAZELCAST_MEMBERS, 127.0.0.1, UNSTICK_HAZELCAST_MEMBERS must be comma-separated host:port",
            "UNSTICK_HAZELCAST_PORT, 0, UNSTICK_HAZELCAST_PORT must be 1..65535",
            "UNSTICK_HAZELCAST_PORT, x, UNSTICK_HAZELCAST_PORT must be a number",
            "UNSTICK_HAZELCAST_TOPOLOGY, multicast, UNSTICK_HAZELCAST_TOPOLOGY must be embedded or client",
            "UNSTICK_BIND_ADDRESS, 'a b', UNSTICK_BIND_ADDRESS must be an IP address or host name",
            "UNSTICK_MANAGEMENT_PORT, 65536, UNSTICK_MANAGEMENT_PORT must be 0..65535",
            "UNSTICK_MANAGEMENT_BIND_ADDRESS, '*', UNSTICK_MANAGEMENT_BIND_ADDRESS must be an IP address or host name",
            "UNSTICK_EMPTY_SESSION_TIMEOUT, 60, UNSTICK_EMPTY_SESSION_TIMEOUT must be a duration such as 90s",
            "UNSTICK_EMPTY_SESSION_TIMEOUT, 1500ms, UNSTICK_EMPTY_SESSION_TIMEOUT must be a whole number of seconds",
            "UNSTICK_EMPTY_SESSION_TIMEOUT, 0s, UNSTICK_EMPTY_SESSION_TIMEOUT must be a whole number of seconds, at least 1s",
    })
    void refusesBadValuesNamingTheVariable(String variable, String value, String message) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("UNSTICK_NODE_NAME", "n1"));
        env.put(variable, value);
        assertThatThrownBy(() -> ShopConfig.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"shop-1.example.com, shop-1", "web_2, web_2", "a+b, a-b"})
    void hostNamesBecomeNodeNames(String host, String node) {
        assertThat(NodeNames.sanitize(host)).isEqualTo(node);
    }
}
