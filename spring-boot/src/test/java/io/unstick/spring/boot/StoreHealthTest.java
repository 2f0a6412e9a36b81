package io.unstick.spring.boot;

import io.unstick.session.HazelcastSessionManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoreHealthTest {

    @Test
    void aManagerThatHasNotStartedIsDownWithItsReadinessReason() {
        HazelcastSessionManager manager = new HazelcastSessionManager();
        manager.setClusterName("health-test");

        StoreHealth.Result result = new StoreHealth(manager).check();

        assertThat(result.up()).isFalse();
        assertThat(result.details()).containsEntry("clusterName", "health-test")
                .containsEntry("reason", manager.getReadiness().reason())
                .containsEntry("clusterSafe", false)
                .doesNotContainKey("node");
        assertThat((String) result.details().get("reason")).contains("new");
    }
}
