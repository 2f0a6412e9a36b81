package io.unstick.lab.bench.sessions;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load's connections against a real Undertow server on loopback. */
class LoadConnectionsTest {

    private static final int HELD = BenchClient.MAX_CONNECTIONS;

    private static Undertow server;
    private static int port;
    private static final Set<Integer> peerPorts = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger concurrent = new AtomicInteger();
    private static final AtomicInteger mostConcurrent = new AtomicInteger();
    private static volatile CountDownLatch arrived = new CountDownLatch(HELD);

    @BeforeAll
    static void startServer() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setWorkerThreads(HELD + 16)
                .setHandler(LoadConnectionsTest::handle).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static void handle(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(LoadConnectionsTest::handle);
            return;
        }
        peerPorts.add(exchange.getSourceAddress().getPort());
        switch (exchange.getRequestPath()) {
            case "/hold" -> hold(exchange);
            case "/never" -> new CountDownLatch(1).await(10, TimeUnit.SECONDS); // past the client's timeout
            case "/close" -> exchange.getConnection().close();
            default -> {
                exchange.getResponseHeaders().add(Headers.SET_COOKIE, "JSESSIONID=s" + exchange.getQueryString());
                exchange.getResponseSender().send("{\"cart\":[]}"); // chunked unless told the length
            }
        }
    }

    private static void hold(HttpServerExchange exchange) throws InterruptedException {
        int now = concurrent.incrementAndGet();
        mostConcurrent.accumulateAndGet(now, Math::max);
        arrived.countDown();
        arrived.await(30, TimeUnit.SECONDS);
        concurrent.decrementAndGet();
        exchange.setStatusCode(201);
        exchange.getResponseSender().send("held");
    }

    @Test
    void reusesOneKeepAliveConnectionAndKeepsTheCookies() throws Exception {
        try (BenchClient client = new BenchClient(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(5))) {
            peerPorts.clear();
            BenchShopper shopper = new BenchShopper(Workload.CART, "espresso-beans");
            for (int i = 0; i < 300; i++) {
                ResponseReader.Answer answer = client.send(shopper, new BenchRequest("POST", "/api/cart/items?" + i,
                        "application/json", "{}")).get(5, TimeUnit.SECONDS);
                assertThat(answer.status()).isEqualTo(200);
            }
            assertThat(peerPorts).as("one connection, kept alive").hasSize(1);
            assertThat(shopper.cookieHeader()).isEqualTo("JSESSIONID=s299");
        }
    }

    /**
     * The cause of hybrid's stall in the bench: the JDK client completed each answer on a thread it started for it,
     * and read answers seconds late once 256 were in flight. Here every answer completes on the load's IO thread.
     */
    @Test
    void holdsAtMostOneRequestPerConnectionAndCompletesEveryAnswerOnItsIoThread() throws Exception {
        arrived = new CountDownLatch(HELD);
        mostConcurrent.set(0);
        try (LoadConnections connections = new LoadConnections(new InetSocketAddress("127.0.0.1", port), HELD,
                Duration.ofSeconds(20))) {
            Set<String> completedOn = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<ResponseReader.Answer>> answers = new ArrayList<>();
            byte[] request = "GET /hold HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < HELD + 44; i++) {
                answers.add(connections.send(request).whenComplete((a, f) -> completedOn.add(Thread.currentThread().getName())));
            }
            for (CompletableFuture<ResponseReader.Answer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
            }
            assertThat(mostConcurrent.get()).as("the server saw the cap, never more").isEqualTo(HELD);
            assertThat(completedOn).containsExactly("bench-load-io");
        }
    }

    @Test
    void anAnswerThatNeverEndsTimesOut() {
        try (LoadConnections connections = new LoadConnections(new InetSocketAddress("127.0.0.1", port), 4,
                Duration.ofMillis(300))) {
            CompletableFuture<ResponseReader.Answer> answer = connections.send(
                    "GET /never HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(HttpTimeoutException.class);
            assertThat(BenchClient.kind(answer.handle((a, f) -> f).join())).isEqualTo("timeout");
        }
    }

    @Test
    void aClosedConnectionFailsItsRequestAndTheNextOneGetsANewConnection() throws Exception {
        try (LoadConnections connections = new LoadConnections(new InetSocketAddress("127.0.0.1", port), 1,
                Duration.ofSeconds(5))) {
            CompletableFuture<ResponseReader.Answer> closed = connections.send(
                    "GET /close HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThatThrownBy(() -> closed.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(java.io.IOException.class);
            assertThat(BenchClient.kind(closed.handle((a, f) -> f).join())).isEqualTo("io");
            assertThat(connections.send("GET /ok?1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))
                    .get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }
}
