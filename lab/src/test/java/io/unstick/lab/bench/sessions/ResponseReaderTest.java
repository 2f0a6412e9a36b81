package io.unstick.lab.bench.sessions;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseReaderTest {

    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nSet-Cookie: JSESSIONID=abc; Path=/\r\n"
            + "Transfer-Encoding: chunked\r\nset-cookie: UNSTICK_ROUTE=r1; Path=/\r\n\r\n"
            + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

    @Test
    void readsAChunkedAnswerHoweverItsBytesAreSplit() {
        ResponseReader reader = new ResponseReader();
        byte[] bytes = CHUNKED.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length - 1; i++) {
            assertThat(reader.read(ByteBuffer.wrap(bytes, i, 1))).as("complete after byte %d", i).isFalse();
        }
        assertThat(reader.read(ByteBuffer.wrap(bytes, bytes.length - 1, 1))).isTrue();
        ResponseReader.Answer answer = reader.take();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.setCookies()).containsExactly("JSESSIONID=abc; Path=/", "UNSTICK_ROUTE=r1; Path=/");
        assertThat(answer.close()).isFalse();
    }

    @Test
    void stopsAtTheEndOfAContentLengthBodyAndReadsTheNextAnswer() {
        ResponseReader reader = new ResponseReader();
        ByteBuffer in = ascii("HTTP/1.1 303 See Other\r\nContent-Length: 3\r\n\r\nabc"
                + "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        assertThat(reader.read(in)).isTrue();
        assertThat(reader.take()).isEqualTo(new ResponseReader.Answer(303, List.of(), false));
        assertThat(in.remaining()).as("the next answer's bytes stay").isPositive();
        assertThat(reader.read(in)).isTrue();
        assertThat(reader.take()).isEqualTo(new ResponseReader.Answer(204, List.of(), true));
    }

    @Test
    void skipsAnInterimAnswer() {
        ResponseReader reader = new ResponseReader();
        assertThat(reader.read(ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}")))
                .isTrue();
        assertThat(reader.take().status()).isEqualTo(400);
    }

    @Test
    void rejectsWhatIsNotAnHttpAnswer() {
        assertThatThrownBy(() -> new ResponseReader().read(ascii("SSH-2.0-OpenSSH\r\n")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("status line");
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
