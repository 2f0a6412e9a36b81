package io.unstick.session.internal.hazelcast;

import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A node waiting for its peers at start says so without a warning; a store lost after it answered is a warning. */
class ProbeLogTest {

    private static final String QUORUM = "the session store failed: SplitBrainProtectionException: unstick-quorum";
    private static final long START = 5_000_000_000L;

    private final ProbeLog log = new ProbeLog(START);

    private static long at(long seconds) {
        return START + TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    void peersJoiningAtStartAreAnInfoAndTheFirstAnswerSaysReady() {
        ProbeLog.Entry waiting = log.observe(QUORUM, at(0));
        assertThat(waiting.level()).isEqualTo(Level.INFO);
        assertThat(waiting.message()).startsWith("Waiting for the session store").endsWith(QUORUM);
        assertThat(log.observe(QUORUM, at(1))).isNull(); // one line while it waits, not one a second

        ProbeLog.Entry ready = log.observe(null, at(2));
        assertThat(ready).isEqualTo(new ProbeLog.Entry(Level.INFO, "The session store answers: ready"));
        assertThat(log.observe(null, at(3))).isNull();
    }

    @Test
    void aStoreThatAnswersAtOnceLogsNothing() {
        assertThat(log.observe(null, at(0))).isNull();
    }

    @Test
    void aStoreStillSilentAfterTheGraceIsOneWarning() {
        log.observe(QUORUM, at(0));
        assertThat(log.observe(QUORUM, at(ProbeLog.STARTUP_GRACE_SECONDS - 1))).isNull();

        ProbeLog.Entry late = log.observe(QUORUM, at(ProbeLog.STARTUP_GRACE_SECONDS));
        assertThat(late.level()).isEqualTo(Level.WARNING);
        assertThat(late.message()).isEqualTo("Not ready " + ProbeLog.STARTUP_GRACE_SECONDS
                + " s after start, the session store has not answered yet: " + QUORUM);
        assertThat(log.observe(QUORUM, at(ProbeLog.STARTUP_GRACE_SECONDS + 1))).isNull();

        assertThat(log.observe(null, at(40)).message()).isEqualTo("The session store answers: ready");
    }

    @Test
    void losingTheStoreAfterItAnsweredIsAWarningAtOnceAndItsReturnAnInfo() {
        log.observe(null, at(0));

        ProbeLog.Entry lost = log.observe("the session store did not answer within storeTimeoutMs=500", at(100));
        assertThat(lost).isEqualTo(new ProbeLog.Entry(Level.WARNING,
                "Not ready: the session store did not answer within storeTimeoutMs=500"));
        assertThat(log.observe("the session store did not answer within storeTimeoutMs=500", at(101))).isNull();

        assertThat(log.observe(null, at(102))).isEqualTo(new ProbeLog.Entry(Level.INFO,
                "The session store answers again"));
    }
}
