package io.unstick.shop;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A node's internals live on its management port only: the public port, the one the balancer forwards to, has no
 * {@code /metrics} under any spelling; the management port has it, and the node's health in detail.
 */
class ManagementPortIT {

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/metrics", "/%2e/metrics", "/./metrics", "/api/..;/metrics", "/api/../metrics",
            "/api/x/../../metrics", "/metrics;x=1", "/%6d%65%74%72%69%63%73", "/METRICS", "/metrics/"})
    void thePublicPortHasNoMetrics(String path) {
        RawHttp.Answer answer = RawHttp.send(shop.port(), "GET", path, Map.of(), null);

        assertThat(answer.status()).as("GET %s on the public port", path).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("jvm_memory", "# TYPE");
    }

    @Test
    void theManagementPortHasTheMetrics() {
        given().baseUri(management()).get("/metrics").then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("jvm_memory_used_bytes{area=\"heap\""))
                .body(containsString("tomcat_sessions_active_current_sessions"))
                .body(containsString("node=\"" + ShopFixture.NODE + "\""));
    }

    @Test
    void theManagementPortShowsTheNodesHealthInDetail() {
        given().baseUri(management()).get("/health").then()
                .statusCode(200).contentType(ContentType.JSON)
                .body("status", equalTo("UP"))
                .body("node", equalTo(ShopFixture.NODE))
                .body("mode", equalTo("sticky"))
                .body("sessionManager", equalTo("StandardManager"));
    }

    @Test
    void theManagementPortServesNothingElse() {
        given().baseUri(management()).get("/api/cart").then().statusCode(404).contentType(ContentType.JSON);
        given().baseUri(management()).get("/metricsx").then().statusCode(404);
        given().baseUri(management()).post("/metrics").then().statusCode(405).header("Allow", "GET, HEAD");
    }

    /** Bound to 127.0.0.1, not to every interface: another loopback address of this machine finds nothing there. */
    @Test
    void bothListenOn127001Only() {
        assertThat(connects("127.0.0.1", shop.port())).isTrue();
        assertThat(connects("127.0.0.1", shop.managementPort())).isTrue();
        assertThat(connects("127.0.0.2", shop.port())).as("public port on 127.0.0.2").isFalse();
        assertThat(connects("127.0.0.2", shop.managementPort())).as("management port on 127.0.0.2").isFalse();
    }

    @Test
    void thePublicBindAddressIsConfigurable() {
        ShopConfig onOtherAddress = new ShopConfig(Mode.STICKY, "bound-1", "127.0.0.2", 0,
                ShopConfig.Management.anyFreeLoopbackPort(), List.of(), ShopConfig.DEFAULT_HAZELCAST_PORT,
                ShopConfig.DEFAULT_HAZELCAST_TOPOLOGY, null, ShopConfig.DEFAULT_EMPTY_SESSION_TIMEOUT);
        try (ShopServer node = ShopServer.start(onOtherAddress)) {
            given().baseUri("http://127.0.0.2:" + node.port()).get("/health").then().statusCode(200);
            assertThat(connects("127.0.0.1", node.port())).isFalse();
        }
    }

    private static boolean connects(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String management() {
        return "http://127.0.0.1:" + shop.managementPort();
    }
}
