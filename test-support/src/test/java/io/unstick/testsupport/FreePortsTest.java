package io.unstick.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    @Test
    void portsAreBindableDistinctAndBelowTheEphemeralRange() throws IOException {
        int ephemeralStart = ephemeralStart();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int port = FreePorts.next();
            assertThat(port).as("a port no connection or port-0 server is given by the kernel")
                    .isBetween(20_000, ephemeralStart - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aPortSomeoneListensOnIsNeverHandedOut() throws IOException {
        try (ServerSocket taken = new ServerSocket(FreePorts.next(), 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 2_000; i++) {
                assertThat(FreePorts.next()).isNotEqualTo(taken.getLocalPort());
            }
        }
    }

    @Test
    void aRunOfPortsIsFreeBelowTheEphemeralRangeAndNotHandedOutAgain() throws IOException {
        int base = FreePorts.consecutive(31);
        assertThat(base + 30).isLessThan(ephemeralStart());
        List<ServerSocket> bound = new ArrayList<>();
        try {
            for (int port = base; port < base + 31; port++) {
                bound.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
            }
        } finally {
            for (ServerSocket socket : bound) {
                socket.close();
            }
        }
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertThat(port < base || port > base + 30).as("port %d inside the run %d-%d", port, base, base + 30).isTrue();
        }
    }

    private static int ephemeralStart() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        return Files.isReadable(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32_768;
    }
}
