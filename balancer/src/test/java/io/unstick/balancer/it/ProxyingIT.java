package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Forwarding: headers, limits, a large streamed body, a WebSocket. */
class ProxyingIT {

    private static final long MAX_BODY = 120L * 1024 * 1024;
    private static BalancerFixture fx;

    @BeforeAll
    static void start() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "cookie", "UNSTICK_MAX_HEADER_SIZE", "8k",
                "UNSTICK_MAX_BODY_SIZE", MAX_BODY + "");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void clientForwardedClaimsAreReplacedByTheRealClient() {
        var response = given().header("X-Forwarded-For", "6.6.6.6").header("Forwarded", "for=6.6.6.6")
                .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https")
                .get(fx.url() + "/headers").then().statusCode(200).extract();
        assertThat(response.header("Set-Cookie")).as("the client's word is enough to restrict the cookie").contains("Secure");
        var headers = response.jsonPath();
        assertThat(headers.getString("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(headers.getString("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(headers.getString("X-Forwarded-Host")).isEqualTo("127.0.0.1");
        assertThat(headers.getString("Forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + fx.balancer.port() + "\"");
        assertThat(headers.getMap("")).allSatisfy((k, v) -> assertThat(v.toString()).doesNotContain("6.6.6.6", "evil"));
    }

    @Test
    void trustedForwardedHeadersAreExtended() {
        try (BalancerFixture trusting = BalancerFixture.start(1, "UNSTICK_TRUST_FORWARDED", "true")) {
            var headers = given().header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=203.0.113.9")
                    .get(trusting.url() + "/headers").then().statusCode(200).extract().jsonPath();
            assertThat(headers.getString("X-Forwarded-For")).isEqualTo("203.0.113.9,127.0.0.1");
            assertThat(headers.getString("Forwarded")).startsWith("for=203.0.113.9, for=127.0.0.1;");
        }
    }

    @Test
    void hopByHopHeadersAreNotForwarded() {
        String response = RawHttp.send(fx.balancer.port(), "GET /headers HTTP/1.1\r\nHost: shop\r\n"
                + "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nTE: trailers\r\nX-End-To-End: kept\r\n\r\n");
        assertThat(RawHttp.status(response)).isEqualTo(200);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body).contains("\"X-End-To-End\":\"kept\"")
                .doesNotContain("X-Hop").doesNotContain("Keep-Alive").doesNotContain("Proxy-Authorization")
                .doesNotContain("\"TE\"");
    }

    @Test
    void oversizedHeadersAreRefused() {
        String response = RawHttp.send(fx.balancer.port(), "GET /oversized HTTP/1.1\r\nHost: shop\r\nX-Big: "
                + "a".repeat(16 * 1024) + "\r\n\r\n");
        assertThat(RawHttp.status(response)).as("Undertow's parser refuses it").isEqualTo(400);
        assertThat(fx.backends).allSatisfy(b -> assertThat(b.hits("/oversized")).as("nothing reached a backend").isZero());
    }

    @Test
    void declaredOversizedBodiesGet413() {
        String response = RawHttp.send(fx.balancer.port(), "POST /upload HTTP/1.1\r\nHost: shop\r\nContent-Length: "
                + (MAX_BODY + 1) + "\r\n\r\nabc");
        assertThat(RawHttp.status(response)).isEqualTo(413);
        assertThat(response).contains("request body too large").doesNotContain("Exception");
    }

    @Test
    void chunkedBodiesAreCutOffAtTheLimitAndSlowClientsTimeOut() throws Exception {
        try (BalancerFixture strict = BalancerFixture.start(1, "UNSTICK_MAX_BODY_SIZE", "1k",
                "UNSTICK_REQUEST_HEADER_TIMEOUT", "300ms")) {
            String chunk = Integer.toHexString(4096) + "\r\n" + "x".repeat(4096) + "\r\n";
            String response = RawHttp.send(strict.balancer.port(), "POST /upload HTTP/1.1\r\nHost: shop\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n");
            assertThat(RawHttp.status(response)).as(response).isEqualTo(413);
            assertThat(response).doesNotContain("4096").doesNotContain("Exception");

            long started = System.nanoTime();
            String slow = RawHttp.send(strict.balancer.port(), "GET / HTTP/1.1\r\nHost: sh");
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("slow header client -> " + slow.lines().findFirst().orElse("<closed>") + " after " + millis + " ms");
            assertThat(millis).as("closed by the header timeout, not the test's 5 s socket timeout").isLessThan(4_000);
        }
    }

    @Test
    void connectionsOverTheLimitWaitUntilOneCloses() throws Exception {
        try (BalancerFixture limited = BalancerFixture.start(1, "UNSTICK_MAX_CONNECTIONS", "1");
             java.net.Socket first = new java.net.Socket("127.0.0.1", limited.balancer.port());
             java.net.Socket second = new java.net.Socket("127.0.0.1", limited.balancer.port())) {
            byte[] request = "GET / HTTP/1.1\r\nHost: shop\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            first.getOutputStream().write(request);
            first.setSoTimeout(5_000);
            assertThat(first.getInputStream().read()).as("the first connection is served").isEqualTo('H');
            second.getOutputStream().write(request);
            second.setSoTimeout(500);
            assertThatThrownBy(() -> second.getInputStream().read()).as("the second waits in the backlog")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            first.close();
            second.setSoTimeout(5_000);
            assertThat(second.getInputStream().read()).as("served once the first closed").isEqualTo('H');
        }
    }

    @Test
    void theAccessLogWritesOneLinePerRequest() {
        ch.qos.logback.classic.Logger accessLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.unstick.balancer.access");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        accessLog.addAppender(lines);
        try (BalancerFixture logging = BalancerFixture.start(1, "UNSTICK_ACCESS_LOG", "true")) {
            Http.get(logging.url() + "/logged?x=1");
            Http.await("an access log line", Duration.ofSeconds(5), () -> !lines.list.isEmpty());
            assertThat(lines.list.get(0).getFormattedMessage()).contains("\"GET /logged?x=1 HTTP/1.1\" 200").contains("127.0.0.1");
        } finally {
            accessLog.detachAppender(lines);
        }
    }

    @Test
    void malformedCookieHeadersAreRoutedNotRefused() {
        for (String cookie : new String[]{"UNSTICK_ROUTE", "=;=;", "UNSTICK_ROUTE=\"unterminated", "JSESSIONID=" + "x".repeat(300)}) {
            assertThat(Http.get(fx.url() + "/", "Cookie", cookie).statusCode()).as(cookie).isEqualTo(200);
        }
    }

    @Test
    void aHundredMegabyteUploadIsStreamed() throws Exception {
        long size = 100L * 1024 * 1024;
        HttpRequest request = HttpRequest.newBuilder(URI.create(fx.url() + "/upload"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(size)), size))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Long.toString(size));
        System.out.printf("100 MB upload through the balancer: %d ms, max heap %d MB%n", millis,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    @Test
    void webSocketsAreProxiedWithAffinity() throws Exception {
        HttpResponse<String> first = Http.get(fx.url() + "/");
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String node = Http.node(first);

        for (int i = 0; i < 3; i++) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
                    .buildAsync(URI.create("ws://127.0.0.1:" + fx.balancer.port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("hello " + i, true);
            assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(node + ":hello " + i);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    /** {@code size} zero bytes, generated as read: the test holds no 100 MB buffer either. */
    private static final class ZeroStream extends InputStream {
        private long remaining;

        ZeroStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
