package io.unstick.session.it;

import com.hazelcast.core.Hazelcast;
import io.unstick.testsupport.FreePorts;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

    /**
     * A store whose network the manager cannot vouch for (here a configuration file; likewise members off loopback,
     * see HazelcastConfigsTest) does not start without the secret, and says which attribute is missing. The file
     * keeps everything on loopback, so that the store would stay local even if the refusal were gone.
     */
    @Test
    void aStoreThatMayBeReachableFromTheNetworkDoesNotStartWithoutASecretAndNamesTheAttribute() throws IOException {
        int port = FreePorts.next();
        Path config = Files.createTempFile("invalid-configuration-it", ".xml");
        Files.writeString(config, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>no-secret-it</cluster-name>
                  <network>
                    <port auto-increment="false">%d</port>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                    <join><tcp-ip enabled="true"><member-list><member>127.0.0.1:%d</member></member-list></tcp-ip></join>
                  </network>
                </hazelcast>
                """.formatted(port, port));
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    logged.add(String.valueOf(t.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (TestNode node = TestNode.start("no-secret-" + port, manager -> {
            manager.setHazelcastConfig(config.toString());
            manager.setHazelcastInstanceName("no-secret-" + port);
        })) {
            assertThat(node.manager.getState()).isEqualTo(LifecycleState.FAILED);
            assertThat(Hazelcast.getHazelcastInstanceByName("no-secret-" + port)).isNull();
        } finally {
            root.removeHandler(capture);
            Files.deleteIfExists(config);
        }
        assertThat(logged).anySatisfy(message -> assertThat(message)
                .contains("storeSecret is required").contains("storeSecretFile").contains("UNSTICK_STORE_SECRET"));
    }

    private static void assertStartFailsWithoutAnInstance(int port,
                                                          Consumer<io.unstick.session.HazelcastSessionManager> bad) {
        try (TestNode node = TestNode.start("bad-config-" + port, bad)) {
            assertThat(node.manager.getState()).isEqualTo(LifecycleState.FAILED);
            assertThat(Hazelcast.getHazelcastInstanceByName("unstick-unstick-" + port)).isNull();
        }
    }
}
