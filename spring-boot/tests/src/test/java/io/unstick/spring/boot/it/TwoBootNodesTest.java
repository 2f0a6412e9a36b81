package io.unstick.spring.boot.it;

import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a Boot application with the starter (real embedded Tomcat, real Hazelcast members on loopback,
 * TCP-IP): a session started on one continues on the other, survives the first one's stop, and Actuator shows the
 * store's health and counters.
 */
class TwoBootNodesTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoInstancesShareASessionAndKeepItWhenOneStops() throws Exception {
        int member1 = FreePorts.next();
        int member2 = FreePorts.next();
        String members = "127.0.0.1:" + member1 + ",127.0.0.1:" + member2;
        ConfigurableApplicationContext node1 = BootNodes.start("node1", member1, members);
        try (ConfigurableApplicationContext node2 = BootNodes.start("node2", member2, members)) {
            HttpResponse<String> first = get(node1, "/visits", null);
            assertThat(first.body()).isEqualTo("1");
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(cookie).as("the jvmRoute from unstick.session.jvm-route").startsWith("JSESSIONID=").endsWith(".node1");

            assertThat(get(node2, "/visits", cookie).body()).as("node2 continues node1's session").isEqualTo("2");
            node1.close();
            assertThat(get(node2, "/visits", cookie).body()).as("the session outlives node1").isEqualTo("3");

            Map<String, Object> health = JsonParserFactory.getJsonParser().parseMap(get(node2, "/actuator/health", null).body());
            assertThat(health).as("Boot %s health", SpringBootVersion.getVersion())
                    .extractingByKey("components", as(InstanceOfAssertFactories.MAP))
                    .extractingByKey("unstickSessionStore", as(InstanceOfAssertFactories.MAP))
                    .containsEntry("status", "UP")
                    .extractingByKey("details", as(InstanceOfAssertFactories.MAP)).containsEntry("clusterName", "boot-it")
                    .containsKey("clusterSafe");
            String writes = get(node2, "/actuator/metrics/unstick.session.store.writes", null).body();
            assertThat(writes).as("the store's counters in Boot's MeterRegistry").containsPattern("\"value\":[1-9]");
        } finally {
            node1.close();
        }
    }

    private HttpResponse<String> get(ConfigurableApplicationContext node, String path, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + BootNodes.port(node) + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response;
    }
}
