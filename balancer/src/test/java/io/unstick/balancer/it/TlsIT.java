package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.Metrics;
import io.unstick.balancer.support.RawHttp;
import io.unstick.balancer.support.RawHttp2;
import io.unstick.balancer.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS and HTTP/2 at the balancer (issue 15, item 5): an HTTPS listener from PEM files made in the test, HTTP/2 by
 * ALPN and HTTP/1.1 through the JDK's HttpClient, TLS 1.2 and 1.3, the affinity cookie Secure on HTTPS, redirect,
 * HSTS, h2c only when asked, and the hostile-input rules on the TLS listener too.
 */
class TlsIT {

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static BalancerFixture fx;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        log = LogCapture.start();
        certificates = TestCertificates.create(dir, "EC");
        fx = tlsFixture("UNSTICK_ROUTING", "cookie", "UNSTICK_REQUEST_BODY_TIMEOUT", "1s");
    }

    @AfterAll
    static void stop() {
        fx.close();
        assertThat(log.stackTraces()).isEmpty();
        log.close();
    }

    private static BalancerFixture tlsFixture(String... more) {
        String[] env = new String[more.length + 6];
        env[0] = "UNSTICK_TLS_CERT";
        env[1] = certificates.certificate.toString();
        env[2] = "UNSTICK_TLS_KEY";
        env[3] = certificates.key.toString();
        env[4] = "UNSTICK_TLS_PORT";
        env[5] = "0";
        System.arraycopy(more, 0, env, 6, more.length);
        return BalancerFixture.start(2, env);
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(certificates.clientContext())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String https(BalancerFixture f) {
        return "https://localhost:" + f.balancer.tlsPort();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttp2ByAlpnAndHttp11WithASecureAffinityCookie() throws Exception {
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            HttpClient client = client(version);
            HttpResponse<String> first = send(client, HttpRequest.newBuilder(URI.create(https(fx) + "/headers")));
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.version()).as("ALPN").isEqualTo(version);
            assertThat(first.headers().firstValue("Set-Cookie")).get().asString()
                    .startsWith("UNSTICK_ROUTE=").contains("Secure").contains("HttpOnly");
            assertThat(first.body()).as("the node is told the client came over HTTPS").contains("\"X-Forwarded-Proto\":\"https\"");
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String node = first.headers().firstValue("X-Unstick-Node").orElseThrow();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> again = send(client, HttpRequest.newBuilder(URI.create(https(fx) + "/")).header("Cookie", cookie));
                assertThat(again.headers().firstValue("X-Unstick-Node")).contains(node);
            }
        }
        HttpResponse<String> plain = Http.get(fx.url() + "/headers");
        assertThat(plain.headers().firstValue("Set-Cookie")).get().asString().doesNotContain("Secure");
        assertThat(plain.body()).contains("\"X-Forwarded-Proto\":\"http\"");
    }

    @Test
    void bodiesAreBufferedAndStreamedOverHttp2() throws Exception {
        HttpClient h2 = client(HttpClient.Version.HTTP_2);
        HttpResponse<String> small = send(h2, HttpRequest.newBuilder(URI.create(https(fx) + "/upload"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000))));
        assertThat(small.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(small.body()).isEqualTo("1000");
        byte[] large = new byte[5 * 1024 * 1024];
        HttpResponse<String> big = send(h2, HttpRequest.newBuilder(URI.create(https(fx) + "/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(large)));
        assertThat(big.body()).isEqualTo(Integer.toString(large.length));
        assertThat(send(h2, HttpRequest.newBuilder(URI.create(https(fx) + "/x")).method("TRACE", HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(405);
    }

    @Test
    void aTricklingBodyOverHttp2Gets408AndNeverReachesANode() throws Exception {
        double before = Metrics.value(fx, "unstick_refused_requests_total{reason=\"body-timeout\"}");
        try (RawHttp2 h2 = RawHttp2.overTls(certificates.clientContext(), fx.balancer.tlsPort())) {
            h2.request(1, "POST", "/slow-h2", false);
            h2.data(1, "slow".getBytes(StandardCharsets.US_ASCII), false); // and nothing more
            h2.flush();
            RawHttp2.Frame frame = h2.read(); // times out after 30 s; the body deadline here is 1 s
            while (frame != null && !(frame.type() == RawHttp2.HEADERS && frame.stream() == 1)) {
                frame = h2.read();
            }
            assertThat(frame).as("an answer on stream 1").isNotNull();
        }
        assertThat(Metrics.value(fx, "unstick_refused_requests_total{reason=\"body-timeout\"}")).isEqualTo(before + 1);
        assertThat(fx.backends.stream().mapToInt(b -> b.hits("/slow-h2")).sum()).isZero();
    }

    @Test
    void thePerClientRequestRateHoldsOverHttp2() throws Exception {
        try (BalancerFixture limited = tlsFixture("UNSTICK_CLIENT_REQUEST_RATE", "5")) {
            HttpClient h2 = client(HttpClient.Version.HTTP_2);
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) { // one connection, many streams at once
                sent.add(h2.sendAsync(HttpRequest.newBuilder(URI.create(https(limited) + "/rated"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (var response : sent) {
                HttpResponse<String> r = response.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
                statuses.merge(r.statusCode(), 1, Integer::sum);
            }
            assertThat(statuses.keySet()).as("statuses " + statuses).containsExactlyInAnyOrder(200, 429);
            assertThat(limited.backends.stream().mapToInt(b -> b.hits("/rated")).sum()).isEqualTo(statuses.get(200));
        }
    }

    @Test
    void speaksTls12And13() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            try (SSLSocket socket = socket(protocol)) {
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                send(socket, "GET /tls HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertThat(RawHttp.status(RawHttp.readResponse(socket.getInputStream()))).isEqualTo(200);
            }
        }
    }

    @Test
    void theHostileInputRulesHoldOnTheTlsListener() throws Exception {
        String[][] cases = {
                {"GET /hostile-tls/version HTTP/9.9\r\nHost: localhost\r\n\r\n", "505"},
                {"POST /hostile-tls/chunk HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcde\r\n0\r\n\r\n", "400"},
                {"POST /hostile-tls/smuggle HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"},
                {"POST /hostile-tls/expect HTTP/1.1\r\nHost: localhost\r\nExpect: 999-weird\r\nContent-Length: 3\r\n\r\nabc", "417"},
                {"POST /hostile-tls/slow HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nslow", "408"},
        };
        for (String[] c : cases) {
            try (SSLSocket socket = socket("TLSv1.3")) {
                send(socket, c[0]);
                String response = RawHttp.readResponse(socket.getInputStream());
                assertThat(RawHttp.status(response)).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            }
        }
        assertThat(fx.backends.stream().flatMap(b -> b.hitPaths().stream())).noneMatch(p -> p.startsWith("/hostile-tls"));
    }

    @Test
    void plainHttpCanBeRedirectedAndHttpsCarriesHsts() throws Exception {
        try (BalancerFixture redirecting = tlsFixture("UNSTICK_TLS_REDIRECT", "true", "UNSTICK_HSTS_MAX_AGE", "365d")) {
            for (String method : List.of("GET", "POST")) {
                String response = RawHttp.send(redirecting.balancer.port(), method + " /cart?x=1 HTTP/1.1\r\nHost: shop.example:"
                        + redirecting.balancer.port() + "\r\nContent-Length: 0\r\n\r\n");
                assertThat(RawHttp.status(response)).as(method).isEqualTo(308);
                assertThat(response).contains("Location: https://shop.example:" + redirecting.balancer.tlsPort() + "/cart?x=1")
                        .doesNotContain("Strict-Transport-Security");
            }
            assertThat(redirecting.backends.stream().mapToInt(b -> b.hits("/cart")).sum()).as("nothing over plain HTTP").isZero();
            HttpResponse<String> secure = send(client(HttpClient.Version.HTTP_2), HttpRequest.newBuilder(URI.create(https(redirecting) + "/cart")));
            assertThat(secure.statusCode()).isEqualTo(200);
            assertThat(secure.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
        }
    }

    @Test
    void aBurstOfResetStreamsGetsGoAwayEnhanceYourCalm() throws Exception {
        int streams = 300;
        try (RawHttp2 h2 = RawHttp2.overTls(certificates.clientContext(), fx.balancer.tlsPort())) {
            // the rapid-reset attack (CVE-2023-44487): open and cancel at once. Undertow counts the resets it receives
            // for finished streams and the ones it sends back for streams it was still forwarding: past 100 in 30 s
            // (the balancer's setting; Undertow's default is 200), GOAWAY.
            for (int i = 0; i < streams; i++) {
                h2.request(2 * i + 1, "GET", "/rapid-reset", true);
                h2.reset(2 * i + 1);
            }
            h2.flush(); // one burst, read whole by the server before it closes: nothing resets away its GOAWAY
            RawHttp2.Ending end = h2.awaitEnd(Duration.ofSeconds(60));
            assertThat(end.goAway()).as("GOAWAY (the connection was %s)", end.closed() ? "closed without one" : "still open after 60 s")
                    .isNotNull();
            assertThat(end.goAway().errorCode()).as("ENHANCE_YOUR_CALM").isEqualTo(11);
            assertThat(end.closed()).as("then the connection closes").isTrue();
        }
        int forwarded = fx.backends.stream().mapToInt(b -> b.hits("/rapid-reset")).sum();
        assertThat(forwarded).as("forwarded of " + streams).isLessThan(streams);
        assertThat(send(client(HttpClient.Version.HTTP_2), HttpRequest.newBuilder(URI.create(https(fx) + "/"))).statusCode())
                .as("other connections are served").isEqualTo(200);
    }

    @Test
    void aStreamsSlotIsFreedWhenItsRequestEndsAlsoAfterAReset() throws Exception {
        try (RawHttp2 h2 = RawHttp2.overTls(certificates.clientContext(), fx.balancer.tlsPort())) {
            // 90 requests cancelled one after the other, as a browser cancels fetches: never more than one open (and
            // fewer than the 100 resets in 30 s that end a connection: Undertow also counts the resets it sends back)
            int id = 1;
            for (int i = 1; i <= 90; i++, id += 2) {
                h2.request(id, "GET", "/cancelled", true);
                h2.reset(id);
                h2.flush();
                fx.awaitHits("/cancelled", i);
            }
            // if their slots had leaked, the connection would now refuse everything
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < 99; i++, id += 2) {
                h2.request(id, "GET", "/after-cancelled", true);
                ids.add(id);
            }
            h2.flush();
            int ok = 0;
            while (!ids.isEmpty()) {
                RawHttp2.Frame frame = h2.read(); // times out after 30 s
                assertThat(frame).as("connection open").isNotNull();
                if (frame.type() == RawHttp2.HEADERS && ids.remove(frame.stream())) {
                    ok += frame.payload()[0] == (byte) 0x88 ? 1 : 0; // :status 200, HPACK static index 8
                }
            }
            assertThat(ok).as("answered 200").isEqualTo(99);
        }
    }

    @Test
    void streamsOverTheAdvertisedLimitAreRefusedAtOnce() throws Exception {
        try (BalancerFixture patient = tlsFixture("UNSTICK_REQUEST_BODY_TIMEOUT", "60s");
             RawHttp2 h2 = RawHttp2.overTls(certificates.clientContext(), patient.balancer.tlsPort())) {
            // 110 uploads whose bodies never come: the first 100 wait for them, the other 10 are over the limit
            for (int i = 0; i < 110; i++) {
                h2.request(2 * i + 1, "POST", "/upload", false);
            }
            h2.flush();
            Set<Integer> answered = new HashSet<>();
            while (answered.size() < 10) {
                RawHttp2.Frame frame = h2.read(); // times out after 30 s
                assertThat(frame).as("connection open").isNotNull();
                if (frame.type() == RawHttp2.HEADERS) {
                    answered.add(frame.stream());
                }
            }
            assertThat(answered).as("only the streams over the limit are answered").allMatch(id -> id > 2 * 100);
            assertThat(Metrics.value(patient,
                    "unstick_refused_requests_total{reason=\"http2-streams\"}")).isEqualTo(10);
            assertThat(patient.backends.get(0).hits("/upload") + patient.backends.get(1).hits("/upload")).isZero();
        }
    }

    @Test
    void aTlsHandshakeThatNeverFinishesIsCutOffAfterTheHeaderTimeout() throws Exception {
        try (BalancerFixture quick = tlsFixture("UNSTICK_REQUEST_HEADER_TIMEOUT", "1s")) {
            // silence, then the first bytes of a ClientHello and nothing more
            for (byte[] start : List.of(new byte[0], new byte[]{0x16, 0x03, 0x01, 0x00})) {
                try (Socket socket = new Socket("127.0.0.1", quick.balancer.tlsPort())) {
                    socket.setSoTimeout(30_000);
                    socket.getOutputStream().write(start);
                    assertThat(closedByServer(socket)).as("closed within 30 s").isTrue();
                }
            }
        }
    }

    /** Reads to the end; true once the server closed (a read that times out throws instead). */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read() != -1) {
                // an alert, if the server sends one before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void h2cOnlyWhenAsked() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> plain = send(h2, HttpRequest.newBuilder(URI.create(fx.url() + "/")));
        assertThat(plain.version()).as("no h2c unless asked").isEqualTo(HttpClient.Version.HTTP_1_1);
        try (BalancerFixture h2c = BalancerFixture.start(1, "UNSTICK_H2C", "true")) {
            HttpClient upgrading = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            send(upgrading, HttpRequest.newBuilder(URI.create(h2c.url() + "/"))); // the first request upgrades
            HttpResponse<String> again = send(upgrading, HttpRequest.newBuilder(URI.create(h2c.url() + "/")));
            assertThat(again.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(again.statusCode()).isEqualTo(200);
            try (RawHttp2 priorKnowledge = RawHttp2.priorKnowledge(h2c.balancer.port())) {
                priorKnowledge.request(1, "GET", "/", true);
                priorKnowledge.flush();
                RawHttp2.Frame frame = priorKnowledge.read();
                while (frame != null && !(frame.type() == RawHttp2.HEADERS && frame.stream() == 1)) {
                    frame = priorKnowledge.read();
                }
                assertThat(frame).as("a response on stream 1").isNotNull();
                assertThat(frame.payload()[0]).as(":status 200 (HPACK static index 8)").isEqualTo((byte) 0x88);
            }
        }
    }

    @Test
    void http2ConnectionsCountAgainstThePerClientLimit() throws Exception {
        try (BalancerFixture limited = tlsFixture("UNSTICK_CLIENT_MAX_CONNECTIONS", "1")) {
            HttpClient first = client(HttpClient.Version.HTTP_2);
            assertThat(send(first, HttpRequest.newBuilder(URI.create(https(limited) + "/"))).statusCode()).isEqualTo(200);
            // a second connection from the same address is closed at once; the JDK's client then tries HTTP/1.1 on a
            // new connection, which gets 429 on its request: never served either way
            HttpClient second = client(HttpClient.Version.HTTP_2);
            int status;
            try {
                status = send(second, HttpRequest.newBuilder(URI.create(https(limited) + "/"))).statusCode();
            } catch (IOException closed) {
                status = -1;
            }
            assertThat(status).isIn(-1, 429);
            assertThat(Metrics.value(limited,
                    "unstick_refused_requests_total{reason=\"client-connections\"}")).isPositive();
            assertThat(send(first, HttpRequest.newBuilder(URI.create(https(limited) + "/"))).statusCode())
                    .as("the first keeps working").isEqualTo(200);
        }
    }

    private static SSLSocket socket(String protocol) throws Exception {
        SSLContext context = certificates.clientContext();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", fx.balancer.tlsPort());
        socket.setEnabledProtocols(new String[]{protocol});
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(SSLSocket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
