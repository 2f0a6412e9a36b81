package io.unstick.session.it;

import com.hazelcast.core.Hazelcast;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong attribute fails the context's start (Tomcat logs the message) and leaves no Hazelcast instance behind. */
class InvalidConfigurationIT {

    @Test
    void aWrongTopologyFailsTheStartAndNoInstanceStarts() {
        int port = FreePorts.next();
        assertStartFailsWithoutAnInstance(port, manager -> {
            manager.setTopology("cluster");
            manager.setMemberPort(port);
        });
    }

    @Test
    void aWrongDeserializationFilterFailsTheStartAndNoInstanceIsLeftRunning() {
        int port = FreePorts.next();
        assertStartFailsWithoutAnInstance(port, manager -> {
            manager.setDeserializationFilter("maxdepth=deep");
            manager.setMemberPort(port);
            manager.setMembers("127.0.0.1:" + port);
        });
    }

    private static void assertStartFailsWithoutAnInstance(int port,
                                                          Consumer<io.unstick.session.HazelcastSessionManager> bad) {
        try (TestNode node = TestNode.start("bad-config-" + port, bad)) {
            assertThat(node.manager.getState()).isEqualTo(LifecycleState.FAILED);
            assertThat(Hazelcast.getHazelcastInstanceByName("unstick-unstick-" + port)).isNull();
        }
    }
}
