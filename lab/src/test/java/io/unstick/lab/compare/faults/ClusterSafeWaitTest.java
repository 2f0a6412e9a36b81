package io.unstick.lab.compare.faults;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The rolling restart's wait, against stand-in management ports answering what a shop node's /health says. */
class ClusterSafeWaitTest {

    private static final String SAFE = "{\"status\":\"UP\",\"node\":\"n\",\"clusterSafe\":true}";
    private static final String MIGRATING = "{\"status\":\"UP\",\"node\":\"n\",\"clusterSafe\":false}";
    private static final String ALONE = "{\"status\":\"DOWN\",\"reason\":\"this node's member is in a minority\","
            + "\"clusterSafe\":true}";

    private final List<HttpServer> servers = new ArrayList<>();
    private final ClusterSafeWait wait = new ClusterSafeWait(new NodeHealthReader());

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void waitsUntilEveryNodeSaysItIsSafe() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Map<String, Integer> nodes = new LinkedHashMap<>();
        nodes.put("node1", node(() -> SAFE));
        nodes.put("node2", node(() -> asked.incrementAndGet() < 4 ? MIGRATING : SAFE));

        ClusterSafeWait.Waited waited = wait.awaitSafe(() -> nodes, Duration.ofSeconds(30), "node2");

        assertThat(waited.safe()).isTrue();
        assertThat(asked).hasValueGreaterThanOrEqualTo(4);
        assertThat(waited.line()).startsWith("node2: the session store's cluster was safe (every node UP, every backup in sync) after ");
    }

    @Test
    void aNodeAloneInAMinorityIsNotSafeAndTheDeadlineEndsTheWaitSayingWhy() throws Exception {
        Map<String, Integer> nodes = new LinkedHashMap<>();
        nodes.put("node1", node(() -> SAFE));
        nodes.put("node3", node(() -> ALONE));
        long start = System.nanoTime();

        ClusterSafeWait.Waited waited = wait.awaitSafe(() -> nodes, Duration.ofSeconds(1), "node3");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(waited.safe()).isFalse();
        assertThat(waited.line()).isEqualTo("node3: the session store's cluster was NOT safe after 1 s (node3 DOWN"
                + " (this node's member is in a minority), clusterSafe true); the rolling restart goes on");
    }

    @Test
    void aNodeThatDoesNotAnswerIsNotSafe() throws Exception {
        HttpServer gone = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = gone.getAddress().getPort();
        gone.stop(0);

        ClusterSafeWait.Waited waited = wait.awaitSafe(() -> Map.of("node2", port), Duration.ofMillis(300), "node2");

        assertThat(waited.safe()).isFalse();
        assertThat(waited.line()).contains("(node2 no answer: ");
    }

    private int node(Supplier<String> body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            String said = body.get();
            byte[] bytes = said.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(said.contains("DOWN") ? 503 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }
}
