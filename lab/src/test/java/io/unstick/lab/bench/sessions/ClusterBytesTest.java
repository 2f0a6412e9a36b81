package io.unstick.lab.bench.sessions;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterBytesTest {

    private static final String SS = String.join("\n",
            "ESTAB 0 0 127.0.0.1:5701 127.0.0.1:40001 cubic wscale:7,7 rto:204 bytes_sent:900 bytes_acked:900 bytes_received:300 segs_out:9",
            "ESTAB 0 0 127.0.0.1:40001 127.0.0.1:5701 cubic wscale:7,7 rto:204 bytes_sent:300 bytes_acked:300 bytes_received:900 segs_out:9",
            "ESTAB 0 0 [::ffff:127.0.0.1]:5702 [::ffff:127.0.0.1]:40002 cubic bytes_acked:50 bytes_received:7",
            "ESTAB 0 0 127.0.0.1:8081 127.0.0.1:40003 cubic bytes_acked:123456 bytes_received:99",
            "ESTAB 0 0 127.0.0.1:40004 127.0.0.1:5799 cubic bytes_acked:777 bytes_received:1");

    /** Three samples of a redis-server on 6379: a pooled connection throughout, one opened, one closed mid-window. */
    private static final String START = String.join("\n",
            "ESTAB 0 0 127.0.0.1:6379 127.0.0.1:50001 cubic bytes_acked:10000 bytes_received:4000",
            "ESTAB 0 0 127.0.0.1:50001 127.0.0.1:6379 cubic bytes_acked:4000 bytes_received:10000",
            "ESTAB 0 0 127.0.0.1:6379 127.0.0.1:50002 cubic bytes_acked:90000 bytes_received:30000",
            "ESTAB 0 0 127.0.0.1:50002 127.0.0.1:6379 cubic bytes_acked:30000 bytes_received:90000");
    private static final String MIDDLE = String.join("\n",
            "ESTAB 0 0 127.0.0.1:6379 127.0.0.1:50001 cubic bytes_acked:11000 bytes_received:4500",
            "ESTAB 0 0 127.0.0.1:50001 127.0.0.1:6379 cubic bytes_acked:4500 bytes_received:11000",
            "ESTAB 0 0 127.0.0.1:6379 127.0.0.1:50002 cubic bytes_acked:90200 bytes_received:30100",
            "ESTAB 0 0 127.0.0.1:50002 127.0.0.1:6379 cubic bytes_acked:30100 bytes_received:90200",
            "ESTAB 0 0 127.0.0.1:6379 127.0.0.1:50003 cubic bytes_acked:700 bytes_received:300",
            "ESTAB 0 0 127.0.0.1:50003 127.0.0.1:6379 cubic bytes_acked:300 bytes_received:700");
    private static final String END = String.join("\n",
            "ESTAB 0 0 127.0.0.1:6379 127.0.0.1:50001 cubic bytes_acked:12000 bytes_received:5000",
            "ESTAB 0 0 127.0.0.1:50001 127.0.0.1:6379 cubic bytes_acked:5000 bytes_received:12000",
            "ESTAB 0 0 127.0.0.1:6379 127.0.0.1:50003 cubic bytes_acked:1400 bytes_received:600",
            "ESTAB 0 0 127.0.0.1:50003 127.0.0.1:6379 cubic bytes_acked:600 bytes_received:1400");

    private final ClusterBytes redis = new ClusterBytes(Set.of(6379));

    @Test
    void keysWhatEachEndOfAMemberSocketSentByItsFourTuple() {
        assertThat(new ClusterBytes(Set.of(5701, 5702)).acked(SS)).isEqualTo(Map.of(
                "127.0.0.1:5701 127.0.0.1:40001", 900L,
                "127.0.0.1:40001 127.0.0.1:5701", 300L,
                "[::ffff:127.0.0.1]:5702 [::ffff:127.0.0.1]:40002", 50L));
    }

    @Test
    void countsNothingWithoutMemberPorts() throws InterruptedException {
        assertThat(new ClusterBytes(Set.of()).sample()).isEmpty();
        assertThat(redis.acked("")).isEmpty();
    }

    @Test
    void aSocketOpenThroughoutCountsItsLastMinusItsFirst() {
        assertThat(tally(START, START).bytes()).isZero();
        assertThat(tally(START, END).bytes()).as("50001's two ends, 50003's (opened); 50002 closed unseen")
                .isEqualTo((12000 - 10000) + (5000 - 4000) + 1400 + 600);
    }

    @Test
    void aSocketThatOpensInTheWindowCountsEverythingItSent() {
        SocketTally.WindowBytes bytes = tally(START, MIDDLE);
        assertThat(bytes.bytes()).isEqualTo((11000 - 10000) + (4500 - 4000) // 50001
                + (90200 - 90000) + (30100 - 30000)                          // 50002
                + 700 + 300);                                                // 50003, from its first byte
        assertThat(bytes).extracting(SocketTally.WindowBytes::socketsOpened, SocketTally.WindowBytes::socketsClosed)
                .as("50003's two ends").containsExactly(2, 0);
    }

    @Test
    void aSocketThatClosesInTheWindowKeepsWhatItSentUpToItsLastSample() {
        // The sum over the open sockets falls from 134,000 (START) to 19,000 (END): after minus before was -115,000.
        SocketTally.WindowBytes bytes = tally(START, MIDDLE, END);
        assertThat(bytes.bytes()).isEqualTo((12000 - 10000) + (5000 - 4000) // 50001, open throughout
                + (90200 - 90000) + (30100 - 30000)                          // 50002, closed after MIDDLE
                + 1400 + 600);                                               // 50003, opened before MIDDLE
        assertThat(bytes).extracting(SocketTally.WindowBytes::socketsOpened, SocketTally.WindowBytes::socketsClosed)
                .as("50003's two ends opened, 50002's closed").containsExactly(2, 2);
    }

    @Test
    void aFourTupleReusedByANewSocketCountsBothAndNeverGoesNegative() {
        String reused = "ESTAB 0 0 127.0.0.1:6379 127.0.0.1:50002 cubic bytes_acked:80 bytes_received:30";
        SocketTally.WindowBytes bytes = tally(START, MIDDLE, reused);
        assertThat(bytes.bytes()).isEqualTo(1000 + 500 + 200 + 100 + 700 + 300 + 80);
        assertThat(bytes).extracting(SocketTally.WindowBytes::socketsOpened, SocketTally.WindowBytes::socketsClosed)
                .as("50003's two ends and the reused one opened; all but it closed, and the one it replaced")
                .containsExactly(3, 6);
        assertThat(tally(START, "").bytes()).as("everything closed: nothing sent in the window, not minus").isZero();
    }

    private SocketTally.WindowBytes tally(String... samples) {
        SocketTally tally = new SocketTally();
        for (String sample : samples) {
            tally.add(redis.acked(sample));
        }
        return tally.count();
    }
}
