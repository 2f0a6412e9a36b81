package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.RawHttp;
import io.unstick.balancer.support.ScriptedBackend;
import io.unstick.balancer.support.ScriptedBackend.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.unstick.balancer.support.ScriptedBackend.readHead;
import static io.unstick.balancer.support.ScriptedBackend.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The balancer's own forwarder ({@code UNSTICK_FORWARDER=xnio}) against nodes whose every byte the test writes:
 * request bodies (Content-Length, chunked, {@code Expect}), the boundary to Undertow's proxy (bodies over the
 * buffer), every response framing, retries and what is never retried, connection limits, slow clients, and
 * misbehaving nodes (malformed heads, smuggling-shaped framing, silence, truncation).
 */
class ForwarderIT {

    private static final int BUFFER_BYTES = 4096;
    private static final Map<String, AtomicInteger> hitsById = new ConcurrentHashMap<>();
    private static ScriptedBackend node1;
    private static ScriptedBackend node2;
    private static BalancerFixture fx;

    @BeforeAll
    static void start() {
        node1 = new ScriptedBackend("node1", (request, out, socket) -> answer("node1", request, out, socket));
        node2 = new ScriptedBackend("node2", (request, out, socket) -> answer("node2", request, out, socket));
        fx = BalancerFixture.start(0, Map.of(
                "UNSTICK_BACKENDS", node1.spec() + "," + node2.spec(),
                "UNSTICK_FORWARDER", "xnio",
                "UNSTICK_ROUTING", "round-robin",
                "UNSTICK_IO_THREADS", "1",
                "UNSTICK_BACKEND_MAX_CONNECTIONS", "2",
                "UNSTICK_BACKEND_TIMEOUT", "2s",
                "UNSTICK_REQUEST_BUFFER_SIZE", Integer.toString(BUFFER_BYTES),
                "UNSTICK_PASSIVE_FAILURES", "1000"));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        node1.close();
        node2.close();
    }

    /** The nodes' behaviour, by path. */
    private static void answer(String node, Request request, OutputStream out, Socket socket) throws Exception {
        String path = request.path();
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        switch (path.replaceAll("\\?.*", "")) {
            case "/echo" -> write(out, "HTTP/1.1 200 OK\r\nX-Node: " + node + "\r\nContent-Length: " + request.body().length
                    + "\r\n\r\n" + request.bodyText());
            case "/chunked" -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\nwiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n");
            case "/until-close" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
                socket.close();
            }
            case "/early-hints" -> write(out, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            case "/head" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
            case "/no-content" -> write(out, "HTTP/1.1 204 No Content\r\n\r\n");
            case "/close-after" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                socket.close(); // without Connection: close, as a node whose keep-alive timer ran out
            }
            case "/first-closes" -> {
                if (hitsById.computeIfAbsent(query, k -> new AtomicInteger()).incrementAndGet() == 1) {
                    socket.close();
                } else {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" + node);
                }
            }
            case "/silent" -> socket.getInputStream().read(); // until the balancer gives up and closes
            case "/truncated" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
                socket.close();
            }
            case "/slow" -> {
                Thread.sleep(300);
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
            case "/big" -> bigResponse(out, Integer.parseInt(query), false);
            case "/big-chunked" -> bigResponse(out, Integer.parseInt(query), true);
            case "/bad" -> write(out, BAD.get(query));
            default -> write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }
    }

    private static void bigResponse(OutputStream out, int bytes, boolean chunked) throws IOException {
        byte[] block = new byte[8192];
        java.util.Arrays.fill(block, (byte) 'x');
        write(out, "HTTP/1.1 200 OK\r\n" + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + bytes) + "\r\n\r\n");
        for (int left = bytes; left > 0; left -= block.length) {
            int n = Math.min(left, block.length);
            if (chunked) {
                write(out, Integer.toHexString(n) + "\r\n");
            }
            out.write(block, 0, n);
            if (chunked) {
                write(out, "\r\n");
            }
        }
        if (chunked) {
            write(out, "0\r\n\r\n");
        }
        out.flush();
    }

    private static final Map<String, String> BAD = Map.of(
            "oversized-head", "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n",
            "status", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
            "version", "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n",
            "length-and-chunked", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "two-lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nok",
            "bare-lf", "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
            "folded", "HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n",
            "gzip-coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx",
            "switching", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n",
            "bad-chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");

    private static List<Request> requestsTo(String path) {
        List<Request> all = new ArrayList<>(node1.requests());
        all.addAll(node2.requests());
        return all.stream().filter(r -> r.path().startsWith(path)).toList();
    }

    @Test
    void aChunkedRequestBodyIsSentWithItsLength() {
        String response = RawHttp.send(fx.balancer.port(), "POST /echo?chunked HTTP/1.1\r\nHost: shop\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertThat(RawHttp.status(response)).isEqualTo(200);
        assertThat(RawHttp.body(response)).isEqualTo("hello world");
        Request received = requestsTo("/echo?chunked").get(0);
        assertThat(received.header("Content-Length")).isEqualTo("11");
        assertThat(received.has("Transfer-Encoding")).isFalse();
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("Forwarded")).startsWith("for=127.0.0.1;proto=http");
    }

    @Test
    void aBodyLargerThanTheBufferIsStreamedByUndertowsProxy() {
        String chunk = "y".repeat(1000);
        String body = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(6) + "0\r\n\r\n";
        String response = RawHttp.send(fx.balancer.port(), "POST /echo?streamed HTTP/1.1\r\nHost: shop\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + body);
        assertThat(RawHttp.status(response)).isEqualTo(200);
        Request received = requestsTo("/echo?streamed").get(0);
        assertThat(received.body()).hasSize(6000);
        assertThat(received.header("Transfer-Encoding")).as("streamed, so sent on chunked").isEqualTo("chunked");
    }

    @Test
    void expectContinueIsAnsweredHereAndNeverReachesTheNode() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fx.balancer.port())) {
            socket.setSoTimeout(10_000);
            write(socket.getOutputStream(), "PUT /echo?expect HTTP/1.1\r\nHost: shop\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 5\r\n\r\n");
            String interim = readHead(socket.getInputStream());
            assertThat(interim).startsWith("HTTP/1.1 100");
            write(socket.getOutputStream(), "hello");
            String response = RawHttp.readResponse(socket.getInputStream());
            assertThat(RawHttp.status(response)).isEqualTo(200);
            assertThat(RawHttp.body(response)).isEqualTo("hello");
        }
        Request received = requestsTo("/echo?expect").get(0);
        assertThat(received.has("Expect")).isFalse();
        assertThat(received.header("Content-Length")).isEqualTo("5");
    }

    @Test
    void everyResponseFramingReachesTheClient() {
        HttpResponse<String> chunked = Http.get(fx.url() + "/chunked");
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo("wikipedia");
        HttpResponse<String> untilClose = Http.get(fx.url() + "/until-close");
        assertThat(untilClose.statusCode()).isEqualTo(200);
        assertThat(untilClose.body()).isEqualTo("until the end");
        HttpResponse<String> hints = Http.get(fx.url() + "/early-hints");
        assertThat(hints.statusCode()).isEqualTo(200);
        assertThat(hints.body()).isEqualTo("ok");
        assertThat(Http.get(fx.url() + "/no-content").statusCode()).isEqualTo(204);
        String head = RawHttp.send(fx.balancer.port(), "HEAD /head HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(head)).isEqualTo(200);
        assertThat(head).containsIgnoringCase("Content-Length: 5").endsWith("\r\n\r\n");
    }

    @Test
    void aHttp10ClientGetsAChunkedResponseDelimitedByTheClose() {
        String response = RawHttp.send(fx.balancer.port(), "GET /chunked HTTP/1.0\r\nHost: shop\r\n\r\n");
        assertThat(RawHttp.status(response)).isEqualTo(200);
        assertThat(response).doesNotContainIgnoringCase("Transfer-Encoding");
        assertThat(RawHttp.body(response)).isEqualTo("wikipedia");
    }

    @Test
    void aRequestSentWhileTheFirstIsInFlightIsAnsweredAfterIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fx.balancer.port())) {
            socket.setSoTimeout(10_000);
            write(socket.getOutputStream(), "GET /slow?first HTTP/1.1\r\nHost: shop\r\n\r\n");
            Http.await("the first request at a node", Duration.ofSeconds(10), () -> !requestsTo("/slow?first").isEmpty());
            // the client's socket turns readable while its reads are suspended (listen/KeptReadInterest)
            write(socket.getOutputStream(), "GET /echo?second HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");
            String both = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(both).startsWith("HTTP/1.1 200");
            int second = both.indexOf("HTTP/1.1 200", 1);
            assertThat(second).as("two responses").isPositive();
            assertThat(both.substring(0, second)).endsWith("\r\n\r\nok");
            assertThat(both.substring(second)).containsIgnoringCase("Content-Length: 0");
        }
    }

    @Test
    void anHttp10RequestWithoutHostGetsTheNodesAuthority() {
        String response = RawHttp.send(fx.balancer.port(), "GET /echo?no-host HTTP/1.0\r\n\r\n");
        assertThat(RawHttp.status(response)).isEqualTo(200);
        Request received = requestsTo("/echo?no-host").get(0);
        assertThat(received.header("Host")).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void aGetIsRetriedOnTheOtherNodeWhenTheFirstClosesWithoutAnswering() {
        HttpResponse<String> response = Http.get(fx.url() + "/first-closes?get");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(node1.requests().stream().filter(r -> r.path().equals("/first-closes?get"))).hasSize(1);
        assertThat(node2.requests().stream().filter(r -> r.path().equals("/first-closes?get"))).hasSize(1);
    }

    @Test
    void aPostIsNeverSentTwice() {
        String response = RawHttp.send(fx.balancer.port(), "POST /first-closes?post HTTP/1.1\r\nHost: shop\r\n"
                + "Content-Length: 3\r\n\r\nabc");
        assertThat(RawHttp.status(response)).isEqualTo(502);
        assertThat(RawHttp.body(response)).contains("\"status\":502").doesNotContain("Exception");
        assertThat(requestsTo("/first-closes?post")).hasSize(1);
    }

    @Test
    void keepAliveConnectionsTheNodeClosedAreReplacedWithoutAnError() {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = Http.get(fx.url() + "/close-after");
            assertThat(response.statusCode()).as("request " + i).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oversized-head", "status", "version", "length-and-chunked", "two-lengths", "bare-lf", "folded",
            "gzip-coding", "switching", "bad-chunk"})
    void aMalformedResponseIsA502AndNothingOfIt(String bad) {
        String response = RawHttp.send(fx.balancer.port(), "GET /bad?" + bad + " HTTP/1.1\r\nHost: shop\r\n\r\n");
        if (bad.equals("bad-chunk")) {
            // the head was fine and went out; the body's framing is broken: the client's connection is closed
            assertThat(response).doesNotContain("hello").doesNotEndWith("0\r\n\r\n");
            return;
        }
        assertThat(RawHttp.status(response)).isEqualTo(502);
        assertThat(RawHttp.body(response)).startsWith("{\"error\":").doesNotContain("Exception");
    }

    @Test
    void aNodeThatNeverAnswersGets504InTime() {
        long start = System.nanoTime();
        String response = RawHttp.send(fx.balancer.port(), "GET /silent HTTP/1.1\r\nHost: shop\r\n\r\n");
        assertThat(RawHttp.status(response)).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void aTruncatedResponseClosesTheClientsConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fx.balancer.port())) {
            socket.setSoTimeout(10_000);
            write(socket.getOutputStream(), "GET /truncated HTTP/1.1\r\nHost: shop\r\n\r\n");
            byte[] all = socket.getInputStream().readAllBytes(); // returns at the close, well before the timeout
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 200");
            assertThat(RawHttp.body(text)).isEqualTo("0123456789");
        }
    }

    @Test
    void connectionsToANodeStayWithinTheLimitAndTheRestWait() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                responses.add(clients.submit(() -> Http.get(fx.url() + "/slow")));
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(node1.maxInFlight()).isLessThanOrEqualTo(2);
        assertThat(node2.maxInFlight()).isLessThanOrEqualTo(2);
        assertThat(node1.maxInFlight() + node2.maxInFlight()).as("the limit is not the bottleneck").isGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/big", "/big-chunked"})
    void aSlowClientGetsALargeResponseWhole(String path) throws Exception {
        int bytes = 8 * 1024 * 1024;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", fx.balancer.port()));
            socket.setSoTimeout(20_000);
            write(socket.getOutputStream(), "GET " + path + "?" + bytes + " HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");
            InputStream in = socket.getInputStream();
            Thread.sleep(300); // a client that reads late (a delay, not a wait): the balancer must stop reading the node
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            byte[] rest = in.readAllBytes();
            long body = head.toLowerCase().contains("transfer-encoding: chunked") ? dechunkedLength(rest) : rest.length;
            assertThat(body).isEqualTo(bytes);
        }
    }

    private static long dechunkedLength(byte[] chunked) {
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        long total = 0;
        int at = 0;
        for (;;) {
            int eol = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, eol).trim(), 16);
            if (size == 0) {
                return total;
            }
            total += size;
            at = eol + 2 + size + 2;
        }
    }
}
