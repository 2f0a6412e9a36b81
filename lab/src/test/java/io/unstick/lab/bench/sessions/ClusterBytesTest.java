package io.unstick.lab.bench.sessions;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterBytesTest {

    private static final String SS = String.join("\n",
            "ESTAB 0 0 127.0.0.1:5701 127.0.0.1:40001 cubic wscale:7,7 rto:204 bytes_sent:900 bytes_acked:900 bytes_received:300 segs_out:9",
            "ESTAB 0 0 127.0.0.1:40001 127.0.0.1:5701 cubic wscale:7,7 rto:204 bytes_sent:300 bytes_acked:300 bytes_received:900 segs_out:9",
            "ESTAB 0 0 [::ffff:127.0.0.1]:5702 [::ffff:127.0.0.1]:40002 cubic bytes_acked:50 bytes_received:7",
            "ESTAB 0 0 127.0.0.1:8081 127.0.0.1:40003 cubic bytes_acked:123456 bytes_received:99",
            "ESTAB 0 0 127.0.0.1:40004 127.0.0.1:5799 cubic bytes_acked:777 bytes_received:1");

    @Test
    void sumsWhatEachEndOfAMemberSocketSentOnce() {
        assertThat(new ClusterBytes(Set.of(5701, 5702)).sum(SS)).isEqualTo(900 + 300 + 50);
    }

    @Test
    void countsNothingWithoutMemberPorts() throws InterruptedException {
        assertThat(new ClusterBytes(Set.of()).sentSoFar()).isZero();
        assertThat(new ClusterBytes(Set.of(5701)).sum("")).isZero();
    }
}
