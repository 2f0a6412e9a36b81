package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.RawHttp;
import io.unstick.balancer.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the balancer (SIGTERM, or {@code close()} in code) while requests are being forwarded: they finish, and
 * the stop logs no stack trace. Before, the IO threads' shutdown cut them off, and Undertow's end of each cut-off
 * exchange logged an ERROR with a {@code RejectedExecutionException} (seen in CI as a TlsIT failure).
 *
 * <p>Keep-alive ends with the stop's start, not its end: an idle connection is closed at once, and a response sent
 * during the stop says {@code Connection: close} and is its connection's last. In these tests one slow request on
 * another connection keeps the stop waiting {@link #DRAIN_MS}, so "at once" and "at the end" cannot be confused.
 */
class StopIT {

    private static final int CONNECTIONS = 20;
    /** How long a request on another connection keeps the stop waiting. */
    private static final int DRAIN_MS = 5_000;
    private static final Pattern CONNECTION = Pattern.compile("(?im)^connection:[ \\t]*([^\\r\\n]*?)[ \\t]*\\r?$");

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

    @Test
    void aRequestInFlightWhenTheStopBeginsIsAnsweredWithConnectionCloseThenItsConnectionCloses() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            BalancerFixture fx = BalancerFixture.start(1);
            try (Socket drain = open(fx); Socket inFlight = open(fx)) {
                send(drain, "/slow?ms=" + DRAIN_MS);
                send(inFlight, "/slow?ms=1000");
                fx.awaitHits("/slow", 2);
                long stopAt = System.nanoTime();
                CompletableFuture<Void> stop = CompletableFuture.runAsync(fx::close);

                String answer = RawHttp.readResponse(inFlight.getInputStream());
                assertThat(RawHttp.status(answer)).as(answer).isEqualTo(200);
                assertThat(RawHttp.body(answer)).isEqualTo("node1");
                assertThat(connectionHeader(answer)).as(answer).isEqualTo("close");
                assertThat(inFlight.getInputStream().read()).as("the server closed the connection after it").isEqualTo(-1);
                long closedAfter = millisSince(stopAt);
                System.out.printf("in flight at the stop: answered and closed %d ms after the stop began%n", closedAfter);
                assertThat(closedAfter).as("closed after its answer, not at the stop's end").isLessThan(DRAIN_MS - 1_000);

                assertThat(RawHttp.status(RawHttp.readResponse(drain.getInputStream()))).isEqualTo(200);
                stop.get(30, TimeUnit.SECONDS);
            }
            assertThat(log.stackTraces()).isEmpty();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedWhenTheStopBegins() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            BalancerFixture fx = BalancerFixture.start(1);
            try (Socket drain = open(fx); Socket idle = open(fx)) {
                CompletableFuture<Void> stop = stopWhileIdle(fx, drain, idle, "idle keep-alive connection");
                assertThat(RawHttp.status(RawHttp.readResponse(drain.getInputStream()))).isEqualTo(200);
                stop.get(30, TimeUnit.SECONDS);
            }
            assertThat(log.stackTraces()).isEmpty();
        }
    }

    @Test
    void anIdleKeepAliveConnectionOverTlsIsClosedWhenTheStopBegins(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir, "EC");
        BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_TLS_CERT", certificates.certificate.toString(),
                "UNSTICK_TLS_KEY", certificates.key.toString(), "UNSTICK_TLS_PORT", "0");
        try (Socket drain = open(fx);
             Socket idle = certificates.clientContext().getSocketFactory().createSocket("127.0.0.1", fx.balancer.tlsPort())) {
            idle.setSoTimeout(15_000);
            CompletableFuture<Void> stop = stopWhileIdle(fx, drain, idle, "idle keep-alive connection over TLS");
            stop.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Uses {@code idle} once, keeps the stop draining with a slow request on {@code drain}, begins the stop and
     * checks that the idle connection is closed at its start (within 2 s; the drain lasts {@code DRAIN_MS}).
     */
    private static CompletableFuture<Void> stopWhileIdle(BalancerFixture fx, Socket drain, Socket idle, String what)
            throws Exception {
        send(idle, "/");
        assertThat(RawHttp.status(RawHttp.readResponse(idle.getInputStream()))).isEqualTo(200);
        send(drain, "/slow?ms=" + DRAIN_MS);
        fx.awaitHits("/slow", 1);
        long stopAt = System.nanoTime();
        CompletableFuture<Void> stop = CompletableFuture.runAsync(fx::close);

        assertThat(readUntilClosed(idle.getInputStream())).as("what the " + what + " received").isEmpty();
        long closedAfter = millisSince(stopAt);
        System.out.printf("%s: closed %d ms after the stop began (its end: %d ms)%n", what, closedAfter, DRAIN_MS);
        assertThat(closedAfter).as("closed at the stop's start, not its end").isLessThan(2_000);
        return stop;
    }

    /** A request whose head was still arriving when the stop began: it is answered, and is its connection's last. */
    @Test
    void aRequestArrivingDuringTheStopIsAnsweredWithConnectionClose() throws Exception {
        // one IO thread: the stop has looked at every connection once the idle one is seen closed
        BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_IO_THREADS", "1");
        try (Socket drain = open(fx); Socket idle = open(fx); Socket arriving = open(fx)) {
            // first: the two round trips below give the balancer ample time to read these bytes before the stop
            write(arriving, "GET /late HTTP/1.1\r\nHost: shop\r\n");
            send(idle, "/");
            RawHttp.readResponse(idle.getInputStream());
            send(drain, "/slow?ms=" + DRAIN_MS);
            fx.awaitHits("/slow", 1);
            CompletableFuture<Void> stop = CompletableFuture.runAsync(fx::close);
            readUntilClosed(idle.getInputStream()); // the stop has begun

            write(arriving, "\r\n");
            String answer = RawHttp.readResponse(arriving.getInputStream());
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(200);
            assertThat(connectionHeader(answer)).as(answer).isEqualTo("close");
            assertThat(arriving.getInputStream().read()).isEqualTo(-1);
            stop.get(30, TimeUnit.SECONDS);
        }
    }

    /** The stop keeps the connections open now, not every connection the balancer ever had. */
    @Test
    void connectionsClosedBeforeTheStopAreForgotten() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            BalancerFixture fx = BalancerFixture.start(1);
            for (int i = 0; i < 20; i++) {
                try (Socket closed = open(fx)) {
                    write(closed, "GET / HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");
                    readUntilClosed(closed.getInputStream());
                }
            }
            try (Socket idle = open(fx)) {
                send(idle, "/");
                RawHttp.readResponse(idle.getInputStream());
                fx.close();
            }
            assertThat(log.messages("io.unstick.balancer.Balancer"))
                    .anyMatch(m -> m.startsWith("stopping: keep-alive ended on 1 HTTP/1.x client connections"));
        }
    }

    /**
     * Upgraded connections are not HTTP/1.x keep-alive any more: a WebSocket stays open until the stop's end, even one
     * that has not carried a message yet.
     */
    @Test
    void aWebSocketStaysOpenWhileTheStopWaits() throws Exception {
        BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_IO_THREADS", "1");
        LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
        try (Socket drain = open(fx); Socket idle = open(fx)) {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + fx.balancer.port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            replies.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            // once the idle connection is closed, the stop has looked at every connection (one IO thread)
            CompletableFuture<Void> stop = stopWhileIdle(fx, drain, idle, "idle connection");

            ws.sendText("during", true).get(5, TimeUnit.SECONDS);
            assertThat(replies.poll(5, TimeUnit.SECONDS)).as("the WebSocket's echo during the stop").isEqualTo("node1:during");
            stop.get(30, TimeUnit.SECONDS);
        }
    }

    /** A WebSocket handshake still arriving when the stop began is upgraded, not closed after its 101. */
    @Test
    void aWebSocketHandshakeArrivingDuringTheStopStillUpgrades() throws Exception {
        BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_IO_THREADS", "1");
        try (Socket drain = open(fx); Socket idle = open(fx); Socket ws = open(fx)) {
            write(ws, "GET /ws HTTP/1.1\r\nHost: shop\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            // once the idle connection is closed, the stop has looked at every connection (one IO thread)
            CompletableFuture<Void> stop = stopWhileIdle(fx, drain, idle, "idle connection");

            write(ws, "\r\n");
            assertThat(readHead(ws.getInputStream())).startsWith("HTTP/1.1 101");
            ws.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'}); // "hi", mask 0
            byte[] frame = ws.getInputStream().readNBytes(2 + "node1:hi".length());
            assertThat(frame).as("the echo frame (none: the connection was closed after the 101)").hasSize(10);
            assertThat(new String(frame, 2, frame.length - 2, StandardCharsets.ISO_8859_1)).isEqualTo("node1:hi");
            stop.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void beforeTheStopKeepAliveIsUnchanged() throws Exception {
        try (BalancerFixture fx = BalancerFixture.start(1); Socket socket = open(fx)) {
            for (int i = 0; i < 3; i++) {
                send(socket, "/");
                String answer = RawHttp.readResponse(socket.getInputStream());
                assertThat(RawHttp.status(answer)).as("request %d on one connection: %s", i + 1, answer).isEqualTo(200);
                assertThat(connectionHeader(answer)).as(answer).isNotEqualToIgnoringCase("close");
            }
        }
    }

    private static Socket open(BalancerFixture fx) throws IOException {
        Socket socket = new Socket("127.0.0.1", fx.balancer.port());
        socket.setSoTimeout(15_000); // every read below has this deadline
        return socket;
    }

    private static void send(Socket socket, String path) throws IOException {
        write(socket, "GET " + path + " HTTP/1.1\r\nHost: shop\r\n\r\n");
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads until the server closes the connection (a read past the socket's deadline fails the test). */
    private static String readUntilClosed(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** A response's head, up to its blank line (for a 101, after which the connection is not HTTP any more). */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The response's {@code Connection} header, or "" without one. */
    private static String connectionHeader(String response) {
        int end = response.indexOf("\r\n\r\n");
        Matcher m = CONNECTION.matcher(end < 0 ? response : response.substring(0, end + 2));
        return m.find() ? m.group(1) : "";
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
