package io.unstick.balancer.forward;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The request head written straight into its buffer is byte for byte the head built as a String and encoded. */
class RequestHeadTest {

    private static HttpServerExchange exchange(String method, String uri, String query) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setRequestMethod(HttpString.tryFromString(method));
        exchange.setRequestURI(uri);
        exchange.setQueryString(query);
        return exchange;
    }

    /** The encoding as it was: a StringBuilder, its String and {@code getBytes(ISO_8859_1)}. */
    private static String reference(HttpServerExchange exchange, String target, String authority, ByteBuffer body) {
        StringBuilder head = new StringBuilder();
        head.append(exchange.getRequestMethod()).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (!exchange.getRequestHeaders().contains(Headers.HOST)) {
            head.append("Host: ").append(authority).append("\r\n");
        }
        for (HeaderValues values : exchange.getRequestHeaders()) {
            HttpString name = values.getHeaderName();
            if (name.equals(Headers.CONTENT_LENGTH) || name.equals(Headers.TRANSFER_ENCODING) || name.equals(Headers.CONNECTION)) {
                continue;
            }
            for (String value : values) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (body.hasRemaining() || exchange.getRequestHeaders().contains(Headers.CONTENT_LENGTH)
                || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
            head.append("Content-Length: ").append(body.remaining()).append("\r\n");
        }
        head.append("\r\n");
        byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        return new String(bytes, StandardCharsets.ISO_8859_1) + StandardCharsets.ISO_8859_1.decode(body.duplicate());
    }

    private static String encoded(HttpServerExchange exchange, String targetPath, String authority, ByteBuffer body) {
        ByteBuffer request = RequestHead.encode(exchange, targetPath, authority, body.duplicate());
        assertThat(request.position()).isZero();
        return StandardCharsets.ISO_8859_1.decode(request).toString();
    }

    @Test
    void aGetWithHeadersAndAQueryUnderAPathPrefix() {
        HttpServerExchange exchange = exchange("GET", "/cart", "a=1&b=%20");
        exchange.getRequestHeaders().put(Headers.HOST, "shop.example");
        exchange.getRequestHeaders().add(Headers.COOKIE, "UNSTICK_ROUTE=v1.x");
        exchange.getRequestHeaders().add(Headers.COOKIE, "JSESSIONID=abc");
        exchange.getRequestHeaders().put(Headers.CONNECTION, "keep-alive");
        exchange.getRequestHeaders().put(Headers.X_FORWARDED_FOR, "127.0.0.1");
        ByteBuffer none = ByteBuffer.allocate(0);

        String sent = encoded(exchange, "/app", "127.0.0.1:8081", none);

        assertThat(sent).isEqualTo(reference(exchange, "/app/cart?a=1&b=%20", "127.0.0.1:8081", none))
                .startsWith("GET /app/cart?a=1&b=%20 HTTP/1.1\r\n").doesNotContain("Connection").endsWith("\r\n\r\n");
    }

    @Test
    void aPostKeepsItsBodyWithItsLengthInsteadOfChunkedFraming() {
        HttpServerExchange exchange = exchange("POST", "/cart/items", "");
        exchange.getRequestHeaders().put(Headers.HOST, "shop.example");
        exchange.getRequestHeaders().put(Headers.TRANSFER_ENCODING, "chunked");
        ByteBuffer body = ByteBuffer.wrap("sku=42&qty=1".getBytes(StandardCharsets.ISO_8859_1));

        String sent = encoded(exchange, "", "127.0.0.1:8081", body);

        assertThat(sent).isEqualTo(reference(exchange, "/cart/items", "127.0.0.1:8081", body))
                .contains("Content-Length: 12\r\n").doesNotContain("chunked").endsWith("\r\n\r\nsku=42&qty=1");
    }

    @Test
    void anEmptyBodyThatSaidItsLengthStillSaysIt() {
        HttpServerExchange exchange = exchange("PUT", "/x", "");
        exchange.getRequestHeaders().put(Headers.HOST, "h");
        exchange.getRequestHeaders().put(Headers.CONTENT_LENGTH, "0");
        ByteBuffer none = ByteBuffer.allocate(0);

        assertThat(encoded(exchange, "", "n:1", none)).isEqualTo(reference(exchange, "/x", "n:1", none))
                .contains("Content-Length: 0\r\n");
    }

    @Test
    void anHttp10RequestWithoutHostGetsTheNodesAuthority() {
        HttpServerExchange exchange = exchange("GET", "/", "");
        ByteBuffer none = ByteBuffer.allocate(0);

        assertThat(encoded(exchange, "", "127.0.0.1:8082", none)).isEqualTo(reference(exchange, "/", "127.0.0.1:8082", none))
                .startsWith("GET / HTTP/1.1\r\nHost: 127.0.0.1:8082\r\n");
    }

    @Test
    void charactersBeyondLatin1BecomeOneQuestionMarkEachAsGetBytesMakesThem() {
        HttpServerExchange exchange = exchange(Methods.GET_STRING, "/caf\u00e9", "");
        exchange.getRequestHeaders().put(Headers.HOST, "h");
        exchange.getRequestHeaders().put(HttpString.tryFromString("X-Note"), "\u00e9\u20ac\ud83d\ude00\ud800x");
        ByteBuffer none = ByteBuffer.allocate(0);

        assertThat(encoded(exchange, "", "n:1", none)).isEqualTo(reference(exchange, "/caf\u00e9", "n:1", none))
                .contains("X-Note: \u00e9???x\r\n");
    }
}
