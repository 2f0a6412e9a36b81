package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.RawHttp;
import io.unstick.balancer.support.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input corpus of issue 14 against a real balancer over recording backends: request smuggling,
 * header and CR/LF/NUL injection, oversized lines, headers and bodies, invalid chunks, {@code Expect} variants,
 * HTTP versions, methods, garbage cookies. Each case asserts the status, that its path never reached a backend
 * when it must not, that the balancer's state (nodes, routing) did not change, and that nothing was logged as a
 * stack trace (every logger and stderr are captured).
 *
 * <p>Each case uses its own path, {@code /hostile/<case>}, so "reached a backend" is exact. Slow clients are in
 * {@link SlowClientIT}; cross-site admin writes in {@link AdminGuardIT}; forged affinity cookies in
 * {@link AffinityCookieIT}.
 */
class HostileInputIT {

    private static final String HOST = "Host: shop\r\n";
    private static BalancerFixture fx;
    private static LogCapture log;
    private static String stateBefore;

    /**
     * @param reaches whether the request is valid and must reach a backend (true) or must not (false)
     */
    record Case(String name, String request, int status, boolean reaches) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case refused(String name, int status, String request) {
        return new Case(name, request.replace("{path}", "/hostile/" + name), status, false);
    }

    private static Case passed(String name, int status, String request) {
        return new Case(name, request.replace("{path}", "/hostile/" + name), status, true);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // request smuggling: the framing must be unambiguous, or the request is refused
                refused("cl-and-te", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG"),
                refused("te-and-cl", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\nG"),
                refused("two-content-lengths", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef"),
                refused("content-length-list", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Content-Length: 5, 5\r\n\r\nabcde"),
                refused("content-length-plus", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Content-Length: +5\r\n\r\nabcde"),
                refused("content-length-negative", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Content-Length: -1\r\n\r\nabcde"),
                refused("content-length-hex", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Content-Length: 0x5\r\n\r\nabcde"),
                refused("te-xchunked", 501, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                refused("te-gzip", 501, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip\r\n\r\nabc"),
                refused("te-gzip-chunked", 501, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
                refused("te-chunked-identity", 501, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
                refused("te-identity", 501, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: identity\r\n\r\nabc"),
                refused("te-twice", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                refused("te-space-before-colon", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
                refused("te-vertical-tab", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: \u000bchunked\r\n\r\n0\r\n\r\n"),
                refused("te-in-http10", 400, "POST {path} HTTP/1.0\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                passed("te-mixed-case", 200, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: ChUnKeD\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                // header, CR/LF and NUL injection
                refused("nul-in-header", 400, "GET {path} HTTP/1.1\r\n" + HOST + "X-A: a\u0000b\r\n\r\n"),
                refused("cr-in-header", 400, "GET {path} HTTP/1.1\r\n" + HOST + "X-A: a\rX-Injected: 1\r\n\r\n"),
                refused("lf-line-ends", 400, "GET {path} HTTP/1.1\n" + "Host: shop\n\n"),
                refused("space-in-header-name", 400, "GET {path} HTTP/1.1\r\n" + HOST + "X A: b\r\n\r\n"),
                refused("nul-in-target", 400, "GET {path}\u0000x HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("two-hosts", 400, "GET {path} HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                refused("no-host", 400, "GET {path} HTTP/1.1\r\n\r\n"),
                refused("nul-in-cookie", 400, "GET {path} HTTP/1.1\r\n" + HOST + "Cookie: UNSTICK_ROUTE=a\u0000b\r\n\r\n"),
                // oversized lines, headers and bodies (the fixture allows 8 KiB of head and 64 KiB of body)
                refused("long-request-line", 400, "GET {path}?" + "a".repeat(10_000) + " HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("long-header", 400, "GET {path} HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(10_000) + "\r\n\r\n"),
                refused("many-headers", 400, "GET {path} HTTP/1.1\r\n" + HOST + "X-A: b\r\n".repeat(2_000) + "\r\n"),
                refused("declared-body-too-large", 413, "POST {path} HTTP/1.1\r\n" + HOST + "Content-Length: 70000\r\n\r\nabc"),
                refused("chunked-body-too-large", 413, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                        + "8000\r\n" + "x".repeat(0x8000) + "\r\n" + "8000\r\n" + "x".repeat(0x8000) + "\r\n" + "10\r\n" + "x".repeat(16) + "\r\n0\r\n\r\n"),
                // invalid chunked encoding
                refused("chunk-size-not-hex", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
                refused("chunk-size-negative", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n-1\r\nabc\r\n0\r\n\r\n"),
                refused("chunk-longer-than-size", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcde\r\n0\r\n\r\n"),
                refused("chunk-bare-lf", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n"),
                refused("chunk-size-overflow", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nabc\r\n0\r\n\r\n"),
                refused("chunk-trailer-garbage", 400, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nno colon\r\n\r\n"),
                passed("chunk-extension-and-trailer", 200, "POST {path} HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"),
                // Expect
                refused("expect-weird", 417, "POST {path} HTTP/1.1\r\n" + HOST + "Expect: 999-weird\r\nContent-Length: 3\r\n\r\nabc"),
                refused("expect-weird-get", 417, "GET {path} HTTP/1.1\r\n" + HOST + "Expect: 999-weird\r\n\r\n"),
                refused("expect-continue-and-more", 417, "POST {path} HTTP/1.1\r\n" + HOST + "Expect: 100-continue, foo\r\nContent-Length: 3\r\n\r\nabc"),
                refused("expect-twice", 417, "POST {path} HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc"),
                passed("expect-continue-upper-case", 200, "POST {path} HTTP/1.1\r\n" + HOST + "Expect: 100-CONTINUE\r\nContent-Length: 3\r\n\r\nabc"),
                passed("expect-continue-no-body", 200, "GET {path} HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\n\r\n"),
                // HTTP versions and methods
                refused("http-1-2", 505, "GET {path} HTTP/1.2\r\n" + HOST + "\r\n"),
                refused("http-9-9", 505, "GET {path} HTTP/9.9\r\n" + HOST + "\r\n"),
                refused("http-2-0-on-http1", 400, "GET {path} HTTP/2.0\r\n" + HOST + "\r\n"),
                refused("http-0-9", 400, "GET {path}\r\n\r\n"),
                refused("http-lower-case", 400, "GET {path} http/1.1\r\n" + HOST + "\r\n"),
                refused("connect", 405, "CONNECT {path} HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("connect-authority", 405, "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n"),
                refused("trace", 405, "TRACE {path} HTTP/1.1\r\n" + HOST + "\r\n"),
                passed("http-1-0", 200, "GET {path} HTTP/1.0\r\n" + HOST + "\r\n"),
                // no open proxy: an absolute URI naming another host is refused; naming ours, it goes to our nodes
                refused("absolute-uri-elsewhere", 400, "GET http://127.0.0.2:1{path} HTTP/1.1\r\n" + HOST + "\r\n"),
                passed("absolute-uri-same-host", 200, "GET http://shop{path} HTTP/1.1\r\n" + HOST + "\r\n"),
                // garbage cookies are ignored, never refused
                passed("garbage-cookies", 200, "GET {path} HTTP/1.1\r\n" + HOST + "Cookie: UNSTICK_ROUTE=\"unterminated; =;=; JSESSIONID=" + "x".repeat(300) + "\r\n\r\n"),
                passed("forged-route-cookie", 200, "GET {path} HTTP/1.1\r\n" + HOST + "Cookie: UNSTICK_ROUTE=v1.AAAAAAAA.AAAAAAAAAAA.0.0.AAAAAAAAAAAAAAAAAAAAAA\r\n\r\n"));
    }

    @BeforeAll
    static void start() {
        log = LogCapture.start();
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "cookie", "UNSTICK_MAX_HEADER_SIZE", "8k",
                "UNSTICK_MAX_BODY_SIZE", "64k", "UNSTICK_REQUEST_BODY_TIMEOUT", "2s");
        stateBefore = state();
    }

    @AfterAll
    static void stop() {
        fx.close();
        log.close();
    }

    /** Nodes and their states, and the routing: what a hostile request must never change. */
    private static String state() {
        List<Map<String, Object>> nodes = given().get(fx.adminUrl() + "/admin/nodes").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return nodes.stream().map(n -> n.get("name") + "=" + n.get("url") + ":" + n.get("state")).sorted()
                .collect(Collectors.joining(",")) + " routing=" + given().get(fx.adminUrl() + "/admin/routing").path("routing");
    }

    private static Set<String> reached() {
        return fx.backends.stream().flatMap(b -> b.hitPaths().stream()).collect(Collectors.toSet());
    }

    @AfterEach
    void nothingChangedAndNothingWasLoggedAsAStackTrace() {
        assertThat(state()).isEqualTo(stateBefore);
        assertThat(log.stackTraces()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseGetsItsStatusAndReachesABackendOnlyIfValid(Case c) {
        String response = RawHttp.send(fx.balancer.port(), c.request());
        assertThat(RawHttp.status(response)).as(c.name() + ": " + response).isEqualTo(c.status());
        assertThat(response).doesNotContain("Exception").doesNotContain("\tat ");
        String path = "/hostile/" + c.name();
        if (c.reaches()) {
            assertThat(reached()).as("a valid request reaches a node").contains(path);
        } else {
            assertThat(reached()).as("nothing of a refused request reaches a node").doesNotContain(path);
            assertThat(response).as("a refusal closes the connection: what follows is not a trusted request boundary")
                    .containsIgnoringCase("connection: close");
        }
    }

    @Test
    void anEncodedCrLfInTheTargetIsForwardedEncodedNeverAsAHeader() {
        String response = RawHttp.send(fx.balancer.port(), "GET /headers?x=%0d%0aX-Injected:%20yes HTTP/1.1\r\n" + HOST + "\r\n");
        assertThat(RawHttp.status(response)).isEqualTo(200);
        assertThat(RawHttp.body(response)).doesNotContainIgnoringCase("\"X-Injected\"");
    }

    @Test
    void everyPipelinedRequestHasItsVersionChecked() {
        String response = RawHttp.send(fx.balancer.port(), "GET /hostile/pipelined-first HTTP/1.1\r\n" + HOST + "\r\n"
                + "GET /hostile/pipelined-second HTTP/9.9\r\n" + HOST + "\r\n");
        // the first is served; the second is refused on the same connection
        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(reached()).contains("/hostile/pipelined-first").doesNotContain("/hostile/pipelined-second");
        try (var client = new io.unstick.balancer.support.SlowClient(fx.balancer.port())) {
            client.send("GET /hostile/keep-alive-first HTTP/1.1\r\n" + HOST + "\r\n");
            assertThat(RawHttp.status(client.response())).isEqualTo(200);
            client.send("POST /hostile/keep-alive-second HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\n\r\nabcGET /hostile/keep-alive-third HTTP/1.2\r\n" + HOST + "\r\n");
            String both = client.readToEnd(); // the 505 closes the connection
            assertThat(both).startsWith("HTTP/1.1 200").contains("HTTP/1.1 505");
        }
        assertThat(reached()).contains("/hostile/keep-alive-second").doesNotContain("/hostile/keep-alive-third");
    }

    @Test
    void refusalsAreCountedByReason() {
        RawHttp.send(fx.balancer.port(), "GET /hostile/counted HTTP/9.9\r\n" + HOST + "\r\n");
        String metrics = given().get(fx.adminUrl() + "/metrics").asString();
        assertThat(metrics).containsPattern("unstick_refused_requests_total\\{reason=\"http-version\"} [1-9]")
                .containsPattern("unstick_refused_requests_total\\{reason=\"chunked\"}")
                .contains("unstick_client_aborts_total");
    }

    static List<TestBackend> backends() {
        return fx.backends;
    }
}
