package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.bridge.SLF4JBridgeHandler;

import static io.restassured.RestAssured.given;

/**
 * A real sticky shop node on a free port for one test class, and shoppers with their own cookie jars.
 * <pre>
 * {@literal @}RegisterExtension
 * static final ShopFixture shop = new ShopFixture();
 * </pre>
 */
final class ShopFixture implements BeforeAllCallback, AfterAllCallback {

    static final String NODE = "test-node";

    private ShopServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        server = ShopServer.start(new ShopConfig(Mode.STICKY, NODE, 0));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    String baseUri() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A new client: its own cookies, JSON by default. */
    RequestSpecification shopper() {
        return shopper(new CookieFilter());
    }

    /** A request as the client that owns these cookies. */
    RequestSpecification shopper(CookieFilter cookies) {
        return given().baseUri(baseUri()).filter(cookies).contentType(ContentType.JSON).redirects().follow(false);
    }
}
