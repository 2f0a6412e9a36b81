package com.example.outsideboot;

import io.unstick.session.HazelcastSessionManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the application on loopback (each an embedded Tomcat with a Hazelcast member, joined by TCP-IP):
 * a cart started on one continues on the other and outlives the first one's stop.
 */
class SharedCartTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCartStartedOnOneInstanceContinuesOnTheOtherAndOutlivesIt() throws Exception {
        int memberA = freePort();
        int memberB = freePort();
        String members = "127.0.0.1:" + memberA + ",127.0.0.1:" + memberB;
        ConfigurableApplicationContext a = start("a", memberA, members);
        try (ConfigurableApplicationContext b = start("b", memberB, members)) {
            assertThat(b.getBean(HazelcastSessionManager.class)).as("the starter's Manager").isNotNull();
            awaitClusterSafe(a);

            HttpResponse<String> first = send(a, "POST", "/cart/apple", null);
            assertThat(first.body()).isEqualTo("[\"apple\"]");
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(cookie).as("unstick.session.jvm-route").startsWith("JSESSIONID=").endsWith(".a");

            assertThat(send(b, "POST", "/cart/pear", cookie).body()).as("b continues a's cart").isEqualTo("[\"apple\",\"pear\"]");
            awaitClusterSafe(b); // the backups are in place: a may stop
            a.close();
            assertThat(send(b, "GET", "/cart", cookie).body()).as("the cart outlives a").isEqualTo("[\"apple\",\"pear\"]");
            assertThat(store(b)).containsEntry("status", "UP");
        } finally {
            a.close();
        }
    }

    private static ConfigurableApplicationContext start(String name, int memberPort, String members) {
        return new SpringApplicationBuilder(CartApplication.class).run(
                "--server.port=0",
                "--server.tomcat.basedir=target/tomcat-" + name, // else a tomcat.0.* folder in /tmp outlives each run
                "--unstick.session.members=" + members,
                "--unstick.session.member-port=" + memberPort,
                "--unstick.session.jvm-route=" + name);
    }

    /** Polls the store's health (generous deadline: a loaded machine migrates partitions slowly). */
    private void awaitClusterSafe(ConfigurableApplicationContext node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<String, Object> store = store(node);
        while (!Boolean.TRUE.equals(details(store).get("clusterSafe")) || !"UP".equals(store.get("status"))) {
            assertThat(System.nanoTime()).as("cluster safe within 90 s: %s", store).isLessThan(deadline);
            Thread.sleep(200);
            store = store(node);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> store(ConfigurableApplicationContext node) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(node, "/actuator/health")).build();
        Map<String, Object> health = JsonParserFactory.getJsonParser().parseMap(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        Map<String, Object> components = (Map<String, Object>) health.get("components");
        assertThat(components).as("health components").containsKey("unstickSessionStore");
        return (Map<String, Object>) components.get("unstickSessionStore");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> component) {
        Object details = component.get("details");
        return details instanceof Map ? (Map<String, Object>) details : Map.of();
    }

    private HttpResponse<String> send(ConfigurableApplicationContext node, String method, String path, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(200);
        return response;
    }

    private static URI uri(ConfigurableApplicationContext node, String path) {
        return URI.create("http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port") + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
