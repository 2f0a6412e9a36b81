package io.unstick.spring.boot;

import io.unstick.session.HazelcastSessionManager;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagerPropertiesTest {

    @Test
    void propertiesSetTheManagersAttributesByTheirOwnNames() {
        HazelcastSessionManager manager = properties(Map.of("unstick.session.cluster-name", "shop",
                "unstick.session.members", "127.0.0.1:5701,127.0.0.1:5702", "unstick.session.memberPort", "5702",
                "unstick.session.local-cache", "true", "unstick.session.lock-timeout-ms", "2000",
                "unstick.session.max-active-sessions", "500")).newManager();

        assertThat(manager.getClusterName()).isEqualTo("shop");
        assertThat(manager.getMembers()).isEqualTo("127.0.0.1:5701,127.0.0.1:5702");
        assertThat(manager.getMemberPort()).isEqualTo(5702);
        assertThat(manager.getLocalCache()).isTrue();
        assertThat(manager.getLockTimeoutMs()).isEqualTo(2000);
        assertThat(manager.getMaxActiveSessions()).as("ManagerBase's attributes apply too, as in context.xml").isEqualTo(500);
    }

    @Test
    void unsetAttributesKeepTheManagersDefaults() {
        HazelcastSessionManager configured = properties(Map.of("unstick.session.enabled", "true")).newManager();
        HazelcastSessionManager plain = new HazelcastSessionManager();

        assertThat(configured.getClusterName()).isEqualTo(plain.getClusterName());
        assertThat(configured.getMemberPort()).isEqualTo(plain.getMemberPort());
        assertThat(configured.getConcurrency()).isEqualTo(plain.getConcurrency());
        assertThat(configured.getBackupCount()).isEqualTo(plain.getBackupCount());
    }

    @Test
    void environmentVariablesWork() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "UNSTICK_SESSION_CLUSTERNAME", "from-env", "UNSTICK_SESSION_MEMBER_PORT", "5709",
                "UNSTICK_SESSION_JVM_ROUTE", "node7")));
        ManagerProperties properties = ManagerProperties.from(environment);

        assertThat(properties.newManager().getClusterName()).isEqualTo("from-env");
        assertThat(properties.newManager().getMemberPort()).isEqualTo(5709);
        assertThat(properties.jvmRoute()).contains("node7");
    }

    @Test
    void anUnknownNameStopsTheApplicationAndListsTheAttributes() {
        assertThatThrownBy(() -> properties(Map.of("unstick.session.cluster-nmae", "typo")).newManager())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unstick.session.cluster-nmae is not an attribute of HazelcastSessionManager")
                .hasMessageContaining("clusterName").hasMessageContaining("memberPort");
    }

    @Test
    void aBadValueStopsTheApplication() {
        assertThatThrownBy(() -> properties(Map.of("unstick.session.member-port", "many")).newManager())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unstick.session.member-port=many is not a valid value for the Manager's memberPort");
    }

    @Test
    void theJvmRouteIsOptional() {
        assertThat(properties(Map.of()).jvmRoute()).isEmpty();
        assertThat(properties(Map.of("unstick.session.jvm-route", "node1")).jvmRoute()).contains("node1");
    }

    private static ManagerProperties properties(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return ManagerProperties.from(environment);
    }
}
