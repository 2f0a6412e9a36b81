package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real sticky shop node on a free port for one test class, and shoppers with their own cookie jars.
 * <pre>
 * {@literal @}RegisterExtension
 * static final ShopFixture shop = new ShopFixture();
 * </pre>
 */
final class ShopFixture implements BeforeAllCallback, AfterAllCallback {

    static final String NODE = "test-node";
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

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

    int port() {
        return server.port();
    }

    int managementPort() {
        return server.managementPort();
    }

    ShopConfig config() {
        return server.config();
    }

    /** The session id this client's cookie jar holds. */
    String sessionId(CookieFilter jar) {
        String[] id = new String[1];
        shopper(jar).filter((request, response, ctx) -> {
            id[0] = request.getCookies().getValue("JSESSIONID");
            return ctx.next(request, response);
        }).get("/api/cart");
        assertThat(id[0]).as("the jar holds a session").isNotNull();
        return id[0];
    }

    /** A new client: its own cookies, JSON by default. */
    RequestSpecification shopper() {
        return shopper(new CookieFilter());
    }

    /** The CSRF token the catalog's forms carry for this client (its cookie lands in the jar). */
    String formToken(CookieFilter jar) {
        return formToken(given().baseUri(baseUri()).filter(jar).get("/").then().statusCode(200).extract().asString());
    }

    static String formToken(String html) {
        Matcher token = FORM_TOKEN.matcher(html);
        assertThat(token.find()).as("a form with a CSRF field in:%n%s", html).isTrue();
        return token.group(1);
    }

    /** A form post as this client, with the token its pages give it. */
    RequestSpecification form(CookieFilter jar) {
        return shopper(jar).contentType(ContentType.URLENC).formParam("_csrf", formToken(jar));
    }

    /** A request as the client that owns these cookies. */
    RequestSpecification shopper(CookieFilter cookies) {
        return given().baseUri(baseUri()).filter(cookies).contentType(ContentType.JSON).redirects().follow(false);
    }
}
