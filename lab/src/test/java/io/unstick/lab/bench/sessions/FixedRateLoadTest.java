package io.unstick.lab.bench.sessions;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FixedRateLoadTest {

    /** A generator that cannot send on time must say so, not pass its own delay off as the stack's latency. */
    @Test
    void saysWhenTheGeneratorItselfFellBehind() throws Exception {
        FixedRateLoad.Window window = load(exchange -> exchange.getResponseSender().send("ok"), 200,
                Duration.ofMillis(500), new FixedRateLoad.WindowListener() {
                    @Override
                    public void opened() {
                        // The sending thread is held up for 100 ms, as a starved generator would be.
                        long until = System.nanoTime() + Duration.ofMillis(100).toNanos();
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    }

                    @Override
                    public void closed() {
                    }
                });
        assertThat(window.ok()).isEqualTo(window.sent());
        assertThat(window.late()).as("requests due while the sender was held up").isGreaterThanOrEqualTo(10);
        assertThat(window.maxLate()).isGreaterThan(FixedRateLoad.LATE);
        assertThat(window.lateWarning()).contains("the load generator itself fell behind");
    }

    /** A slow stack that holds every connection: the wait for one is the stack's latency, not the generator's delay. */
    @Test
    void aStackThatHoldsEveryConnectionIsNotTheGeneratorFallingBehind() throws Exception {
        HttpHandler slow = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                Thread.sleep(50); // 16 workers: ~320 answers a second against 1,000 sent, so all 256 connections fill
                exchange.getResponseSender().send("ok");
            }
        };
        FixedRateLoad.Window window = load(slow, 1_000, Duration.ofMillis(600), FixedRateLoad.WindowListener.NONE);
        assertThat(window.ok()).isEqualTo(window.sent());
        // Counting the wait for a connection as the generator's marked 335 of the 600 late, by up to 736 ms (the
        // stack's whole backlog). What may remain are the sender's own pauses on a busy 2-CPU test machine
        // (measured: 1 to 35 requests, at most 18 ms).
        assertThat(window.maxLate()).as(window.lateWarning()).isLessThan(Duration.ofMillis(100));
        assertThat(window.late()).as(window.lateWarning()).isLessThan(window.sent() / 10);
    }

    /** A fixed-rate load from a new client against {@code handler} on a loopback Undertow with 16 workers. */
    private static FixedRateLoad.Window load(HttpHandler handler, double rate, Duration measured,
                                             FixedRateLoad.WindowListener listener) throws Exception {
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setWorkerThreads(16).setHandler(handler).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        try (BenchClient client = new BenchClient(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(5))) {
            return new FixedRateLoad(client, List.of(new BenchShopper(Workload.CART, "p")), rate, Duration.ofSeconds(5))
                    .run(Duration.ZERO, measured, listener);
        } finally {
            server.stop();
        }
    }
}
