package io.unstick.session.it;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a node's embedded member offers the network: the member protocol on its one address (127.0.0.1 here), and
 * nothing else — no Hazelcast client gets in, and no other local address reaches it.
 */
class MemberNetworkIT {

    private static final int MEMBER_PORT = FreePorts.next();

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(1, "network-it", manager -> { }, MEMBER_PORT);

    @Test
    void aHazelcastClientCannotConnectToTheMemberPort() {
        ClientConfig rogue = new ClientConfig();
        rogue.setClusterName("network-it");
        rogue.setProperty("hazelcast.phone.home.enabled", "false");
        rogue.getNetworkConfig().addAddress("127.0.0.1:" + MEMBER_PORT);
        rogue.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);

        assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(rogue).shutdown())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unable to connect");
    }

    @Test
    void theMemberHoldsOnlyItsOwnAddressNotTheWildcard() throws IOException {
        // Were the member bound to 0.0.0.0, this machine's other loopback address could not take the port.
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), MEMBER_PORT));
            assertThat(probe.isBound()).isTrue();
        }
    }

    @Test
    void anotherLocalAddressDoesNotReachTheMember() {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), MEMBER_PORT), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(CLUSTER.node(1).manager.getState().isAvailable()).isTrue();
    }
}
