package io.unstick.shop;

import io.restassured.http.ContentType;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Liveness and readiness, as the balancer's health checks see them, on a real node of each kind. */
class HealthIT {

    @Test
    void aStickyNodeIsReadyOnceStartedAndDownWhileShuttingDown() {
        try (ShopServer node = ShopServer.start(new ShopConfig(Mode.STICKY, "ready-1", 0))) {
            given().baseUri(base(node)).get("/health/ready").then()
                    .statusCode(200).contentType(ContentType.JSON)
                    .body("status", equalTo("UP")).body("node", equalTo("ready-1")).body("reason", nullValue());
            given().baseUri(base(node)).head("/health/ready").then().statusCode(204);

            node.readiness().shuttingDown("the node is shutting down");

            given().baseUri(base(node)).get("/health/ready").then()
                    .statusCode(503).contentType(ContentType.JSON)
                    .body("status", equalTo("DOWN")).body("node", equalTo("ready-1"))
                    .body("reason", equalTo("the node is shutting down"));
            given().baseUri(base(node)).head("/health/ready").then().statusCode(503);
            // Liveness does not change: the node still answers.
            given().baseUri(base(node)).get("/health").then()
                    .statusCode(200).body("status", equalTo("UP")).body("reason", nullValue());
        }
    }

    @Test
    void aSharedNodeIsReadyOnceItsStoreHasStarted() {
        int member = FreePorts.next();
        try (ShopServer node = ShopServer.start(new ShopConfig(Mode.SHARED, "ready-2", 0,
                List.of("127.0.0.1:" + member), member, "embedded"))) {
            given().baseUri(base(node)).get("/health/ready").then()
                    .statusCode(200).body("status", equalTo("UP")).body("node", equalTo("ready-2"));
        }
    }

    private static String base(ShopServer node) {
        return "http://127.0.0.1:" + node.port();
    }
}
