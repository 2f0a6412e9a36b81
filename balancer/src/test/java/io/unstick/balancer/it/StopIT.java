package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the balancer (SIGTERM, or {@code close()} in code) while requests are being forwarded: they finish, and
 * the stop logs no stack trace. Before, the IO threads' shutdown cut them off, and Undertow's end of each cut-off
 * exchange logged an ERROR with a {@code RejectedExecutionException} (seen in CI as a TlsIT failure).
 */
class StopIT {

    private static final int CONNECTIONS = 20;

    @Test
    void requestsInFlightFinishAndTheStopLogsNoStackTrace() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            BalancerFixture fx = BalancerFixture.start(2);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket socket = new Socket("127.0.0.1", fx.balancer.port());
                    socket.setSoTimeout(30_000);
                    sockets.add(socket);
                    // a slow request with a second one pipelined behind it: the connection has bytes left over when
                    // the first ends, which is when Undertow schedules its next read on the IO thread
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /slow?ms=" + (300 + 10 * i) + " HTTP/1.1\r\nHost: shop\r\n\r\n"
                            + "GET /next HTTP/1.1\r\nHost: shop\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                fx.awaitHits("/slow", CONNECTIONS);
            } finally {
                fx.close();
            }
            for (Socket socket : sockets) {
                try (socket) {
                    String first = RawHttp.readResponse(socket.getInputStream());
                    assertThat(RawHttp.status(first)).as("the request in flight at the stop").isEqualTo(200);
                }
            }
            assertThat(log.stackTraces()).isEmpty();
            assertThat(log.messages("io.unstick.balancer.Balancer")).anyMatch(m -> m.contains("requests in flight"));
        }
    }
}
