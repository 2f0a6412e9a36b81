package io.unstick.balancer.forward;

import io.undertow.util.HeaderMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseHeadTest {

    private final ResponseHead head = new ResponseHead();
    private final HeaderMap headers = new HeaderMap();

    private int read(String text) throws BadResponse {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        return head.read(buf, 0, buf.limit(), headers);
    }

    @Test
    void readsStatusFramingAndHeaders() throws Exception {
        String text = "HTTP/1.1 404 Not Found\r\nContent-Length: 12\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
                + "Connection: keep-alive, close\r\n\r\nnot found...";
        assertThat(read(text)).isEqualTo(text.indexOf("not found"));
        assertThat(head.status).isEqualTo(404);
        assertThat(head.contentLength).isEqualTo(12);
        assertThat(head.connectionClose).isTrue();
        assertThat(headers.get("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void commonNamesAreTheSharedConstantsOnlyWhenSpelledTheSameAndOthersKeepTheNodesCase() throws Exception {
        read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-type: x\r\nX-Node: n1\r\nDatE: d\r\n\r\n");
        var names = new java.util.ArrayList<String>();
        for (var values : headers) {
            names.add(values.getHeaderName().toString());
        }
        assertThat(names).containsExactlyInAnyOrder("Content-Type", "X-Node", "DatE");
        assertThat(headers.get("content-type")).containsExactly("text/plain", "x");
        assertThat(headers.get(io.undertow.util.Headers.CONTENT_TYPE).getHeaderName())
                .isSameAs(io.undertow.util.Headers.CONTENT_TYPE);
        assertThat(headers.get("date").getHeaderName().toString()).isEqualTo("DatE");
    }

    @Test
    void aCommonValueRepeatedByTheNextResponseIsTheSameStringAndAChangedOneIsNew() throws Exception {
        read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: n1\r\nX-Id: 1\r\n\r\n");
        String type = headers.getFirst("Content-Type");
        String server = headers.getFirst("Server");
        String id = headers.getFirst("X-Id");
        read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: n2\r\nX-Id: 1\r\n\r\n");
        assertThat(headers.getFirst("Content-Type")).isSameAs(type);
        assertThat(headers.getFirst("Server")).isEqualTo("n2");
        assertThat(headers.getFirst("X-Id")).isEqualTo(id).isNotSameAs(id);
        read("HTTP/1.1 200 OK\r\nContent-Type: text/plai\u00e9\r\nServer: n1\r\n\r\n");
        assertThat(headers.getFirst("Content-Type")).isEqualTo("text/plai\u00e9");
        assertThat(headers.getFirst("Server")).isEqualTo("n1");
    }

    /** The tokens of {@code Connection} as read before they were read from the bytes: split, trim, ignore case. */
    @ParameterizedTest
    @ValueSource(strings = {"close", "Close", "keep-alive", "Keep-Alive", "KEEP-ALIVE, close", "upgrade,close",
            " \u000bclose\u0001 ", "closed", "x-close", "keep-alive2", "keep-alive ,, ", ",", "", "clos e", "clo\u00dfe",
            "close\u00a0", "te, close, keep-alive", "\tclose"})
    void connectionTokensAreFoundAsSplitAndTrimFoundThem(String value) throws Exception {
        read("HTTP/1.1 200 OK\r\nConnection: " + value + "\r\n\r\n");
        boolean close = false;
        boolean keepAlive = false;
        for (String token : value.split(",")) {
            close |= token.trim().equalsIgnoreCase("close");
            keepAlive |= token.trim().equalsIgnoreCase("keep-alive");
        }
        assertThat(head.connectionClose).as("close in [%s]", value).isEqualTo(close);
        assertThat(head.keepAlive).as("keep-alive in [%s]", value).isEqualTo(keepAlive);
    }

    @Test
    void anIncompleteHeadIsWaitedFor() throws Exception {
        assertThat(read("HTTP/1.1 200 OK\r\nContent-Le")).isEqualTo(-1);
        assertThat(read("HTTP/1.0 200\r\n\r\n")).isEqualTo(16);
        assertThat(head.http10).isTrue();
        assertThat(head.contentLength).isEqualTo(ResponseHead.NO_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/2.0 200 OK\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n", "HTTP/1.1 099 x\r\n\r\n",
            "HTTP/1.1 200 OK\nContent-Length: 0\n\n", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: a\r\n folded\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\n: x\r\n\r\n", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n"})
    void malformedHeadsAreRefused(String text) {
        assertThatThrownBy(() -> read(text)).isInstanceOf(BadResponse.class);
    }
}
