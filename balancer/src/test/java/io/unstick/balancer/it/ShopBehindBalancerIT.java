package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.RawHttp;
import io.unstick.balancer.support.ShopProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input cases where the real shop matters, through the real balancer: the shop's CSRF and
 * cross-origin protection must still work behind it (the balancer forwards {@code Host}, {@code Origin},
 * {@code Sec-Fetch-Site} and the cookies unchanged), a legitimate form post still works, and the node's internals
 * are not reachable through it. Each case checks the cart afterwards (nothing changed) and that neither the
 * balancer nor the shop logged a stack trace. The shop runs as its own process, sticky mode.
 */
class ShopBehindBalancerIT {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern PRODUCT_FIELD = Pattern.compile("name=\"productId\" value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static ShopProcess shop;
    private static BalancerFixture fx;
    private static LogCapture log;
    private Visitor visitor;

    @BeforeAll
    static void start() {
        log = LogCapture.start();
        shop = ShopProcess.start("shop1");
        fx = BalancerFixture.start(0, "UNSTICK_BACKENDS", shop.spec(), "UNSTICK_ROUTING", "cookie");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (shop != null) {
            shop.close();
        }
        log.close();
    }

    @BeforeEach
    void aVisitorWithOneItemInTheCart() throws Exception {
        visitor = new Visitor();
        visitor.openCatalog();
        assertThat(visitor.postForm("/cart/add", visitor.token, "Origin", self(), "Sec-Fetch-Site", "same-origin").statusCode())
                .as("a same-origin form post with its token works through the balancer").isEqualTo(303);
        // a browser that sends Origin but no Sec-Fetch-Site: the shop compares it with the Host, which must arrive
        // as the browser sent it (the balancer does not rewrite it)
        assertThat(visitor.postForm("/cart/set", visitor.token, "Origin", self()).statusCode()).isEqualTo(303);
        assertThat(visitor.cartItems()).isEqualTo(1);
    }

    @AfterEach
    void noStackTraces() {
        assertThat(log.stackTraces()).as("balancer").isEmpty();
        assertThat(shop.output()).as("shop").doesNotContain("\tat ").doesNotContain("Exception");
    }

    private static String self() {
        return "http://127.0.0.1:" + fx.balancer.port();
    }

    @Test
    void aCrossSiteFormPostIsRefusedEvenWithTheVictimsCookies() throws Exception {
        // the attacker's page cannot read the token; the browser sends the victim's cookies along
        assertThat(visitor.postForm("/cart/add", "forged-token", "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site")
                .statusCode()).isEqualTo(403);
        assertThat(visitor.postForm("/checkout", "forged-token", "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(visitor.postForm("/logout", null, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(visitor.cartItems()).as("nothing changed: no item, no order, still the same session").isEqualTo(1);
    }

    @Test
    void evenWithAValidTokenTheOriginDecides() throws Exception {
        // Host and Origin reach the shop as the browser sent them: it compares them and refuses
        assertThat(visitor.postForm("/cart/add", visitor.token, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(visitor.cartItems()).isEqualTo(1);
    }

    @Test
    void aSameOriginPostWithoutTheTokenIsRefused() throws Exception {
        assertThat(visitor.postForm("/cart/add", null, "Origin", self(), "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(403);
        assertThat(visitor.postForm("/cart/add", "0".repeat(43), "Origin", self()).statusCode()).isEqualTo(403);
        assertThat(visitor.cartItems()).isEqualTo(1);
    }

    @Test
    void aCrossSiteWriteToTheJsonApiIsRefused() throws Exception {
        HttpResponse<String> textPlain = visitor.send(HttpRequest.newBuilder(URI.create(fx.url() + "/api/cart/items"))
                .header("Content-Type", "text/plain").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"productId\":\"" + visitor.product + "\",\"quantity\":5}")));
        assertThat(textPlain.statusCode()).isEqualTo(403);
        assertThat(textPlain.body()).contains("\"error\"");
        assertThat(visitor.cartItems()).isEqualTo(1);
    }

    @Test
    void theNodesInternalsAreNotReachableThroughTheBalancer() {
        for (String path : List.of("/metrics", "/%2e/metrics", "/api/..;/metrics", "/metrics;x=y")) {
            String response = RawHttp.send(fx.balancer.port(), "GET " + path + " HTTP/1.1\r\nHost: shop\r\n\r\n");
            assertThat(RawHttp.status(response)).as(path).isIn(400, 404);
            assertThat(response).as(path).doesNotContain("jvm_").doesNotContain("tomcat_");
        }
    }

    @Test
    void smugglingNeverReachesTheShop() {
        String response = RawHttp.send(fx.balancer.port(), "POST /cart/add HTTP/1.1\r\nHost: shop\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nPOST /checkout HTTP/1.1\r\nHost: shop\r\n\r\n");
        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertThat(RawHttp.status(RawHttp.send(fx.balancer.port(), "POST /checkout HTTP/1.1\r\nHost: shop\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcde\r\n0\r\n\r\n"))).isEqualTo(400);
    }

    /** A browser's cookie jar for this balancer, and the form token its catalog page carried. */
    private static final class Visitor {
        private final List<String> cookies = new ArrayList<>();
        private String token;
        private String product;

        void openCatalog() throws Exception {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(fx.url() + "/")).GET());
            assertThat(page.statusCode()).isEqualTo(200);
            token = find(CSRF_FIELD, page.body());
            product = find(PRODUCT_FIELD, page.body());
        }

        HttpResponse<String> postForm(String path, String csrf, String... headers) throws Exception {
            String form = "productId=" + product + "&quantity=1" + (csrf == null ? "" : "&_csrf=" + csrf);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fx.url() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return send(request);
        }

        int cartItems() throws Exception {
            String cart = send(HttpRequest.newBuilder(URI.create(fx.url() + "/api/cart")).GET()).body();
            Matcher quantity = Pattern.compile("\"quantity\":(\\d+)").matcher(cart);
            int items = 0;
            while (quantity.find()) {
                items += Integer.parseInt(quantity.group(1));
            }
            return items;
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                request.header("Cookie", String.join("; ", cookies));
            }
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.substring(0, setCookie.indexOf(';') < 0 ? setCookie.length() : setCookie.indexOf(';'));
                String name = pair.substring(0, pair.indexOf('=') + 1);
                cookies.removeIf(c -> c.startsWith(name));
                cookies.add(pair);
            }
            return response;
        }

        private static String find(Pattern pattern, String html) {
            Matcher m = pattern.matcher(html);
            assertThat(m.find()).as(pattern + " in the page").isTrue();
            return m.group(1);
        }
    }
}
