package io.unstick.spring.boot.it;

import com.hazelcast.instance.BuildInfoProvider;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Without {@code <hazelcast.version>} in the pom, Boot's dependency management puts its own, older Hazelcast on the
 * classpath (Surefire's boot-managed-hazelcast execution does exactly that): the application refuses to start and
 * the message names both versions and the fix.
 */
class BootManagedHazelcastTest {

    @Test
    void bootsOlderHazelcastStopsTheStartWithBothVersionsAndTheFix() {
        String required = System.getProperty("unstick.expected.hazelcast");
        String bootManaged = System.getProperty("unstick.boot.hazelcast");
        assertThat(BuildInfoProvider.getBuildInfo().getVersion()).as("this run has Boot's Hazelcast").isEqualTo(bootManaged);

        int member = FreePorts.next();
        assertThatThrownBy(() -> BootNodes.start("node1", member, "127.0.0.1:" + member))
                .hasStackTraceContaining("the application has Hazelcast " + bootManaged)
                .hasStackTraceContaining("built and tested with " + required)
                .hasStackTraceContaining("<hazelcast.version>" + required + "</hazelcast.version>");
    }
}
