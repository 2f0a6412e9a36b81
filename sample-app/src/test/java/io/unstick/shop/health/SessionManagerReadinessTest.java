package io.unstick.shop.health;

import io.unstick.session.HazelcastSessionManager;
import org.apache.catalina.session.StandardManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionManagerReadinessTest {

    @Test
    void aManagerThatHasNotStartedIsNotReady() {
        assertThat(SessionManagerReadiness.of(new StandardManager()).check())
                .isEqualTo(Readiness.Status.down("the session manager is new"));
        assertThat(SessionManagerReadiness.of(new HazelcastSessionManager()).check())
                .isEqualTo(Readiness.Status.down("the session manager is new"));
    }

    @Test
    void shuttingDownWinsOverAReadyManager() {
        NodeReadiness node = new NodeReadiness(Readiness.always());
        assertThat(node.check().ready()).isTrue();

        node.shuttingDown("stopping");

        assertThat(node.check()).isEqualTo(Readiness.Status.down("stopping"));
        assertThat(node.isShuttingDown()).isTrue();
    }
}
