package io.unstick.lab.control;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The status line `./unstick up` prints says why the balancer is unreachable, also when the JDK gives no message. */
class BalancerWatchTest {

    @Test
    void aRefusedConnectionIsNamedNotNull() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // free again once closed: nothing listens there
        }

        String line = new BalancerWatch(closedPort).line();

        assertThat(line).startsWith("balancer unreachable (").doesNotContain("null");
    }
}
