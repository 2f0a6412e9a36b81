package io.unstick.balancer.forward;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkedBodyTest {

    private static final String BODY = "4\r\nwiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n";

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void decodesWhateverPiecesTheBodyArrivesIn(int piece) throws Exception {
        ChunkedBody decoder = new ChunkedBody();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] bytes = BODY.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < bytes.length; at += piece) {
            int n = Math.min(piece, bytes.length - at);
            ByteBuffer buf = ByteBuffer.allocateDirect(8 + bytes.length);
            buf.put(8, bytes, at, n); // not at 0: data moves to the start of the range given
            int out = decoder.decode(buf, 8, 8 + n);
            byte[] chunk = new byte[out];
            buf.get(8, chunk);
            data.write(chunk);
        }
        assertThat(data.toString(StandardCharsets.ISO_8859_1)).isEqualTo("wikipedia in\r\n\r\nchunks.");
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void bytesAfterTheLastChunkAreNotConsumed() throws Exception {
        ChunkedBody decoder = new ChunkedBody();
        byte[] bytes = "2\r\nok\r\n0\r\n\r\nHTTP/1.1 200".getBytes(StandardCharsets.ISO_8859_1);
        int data = decoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length);
        assertThat(data).isEqualTo(2);
        assertThat(decoder.consumed).isEqualTo(bytes.length - "HTTP/1.1 200".length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz\r\nhello\r\n", "\r\n", "2\r\nokX\r\n", "2\nok\r\n", "1000000000000000\r\n",
            "0\r\nTrailer-without-CR\n\r\n", "2;ext\nok"})
    void malformedFramingIsRefused(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> new ChunkedBody().decode(ByteBuffer.wrap(bytes), 0, bytes.length))
                .isInstanceOf(BadResponse.class);
    }
}
