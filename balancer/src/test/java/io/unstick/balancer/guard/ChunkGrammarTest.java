package io.unstick.balancer.guard;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chunked grammar of RFC 9112 section 7.1, as a table; "\r" and "\n" are written as CR and LF. */
class ChunkGrammarTest {

    private static ByteBuffer bytes(String body) {
        return ByteBuffer.wrap(body.replace("CR", "\r").replace("LF", "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0CRLFCRLF",
            "3CRLFabcCRLF0CRLFCRLF",
            "3;name=valueCRLFabcCRLF0CRLFCRLF",
            "3 ;nameCRLFabcCRLF000CRLFCRLF",
            "A;q=\"quoted\"CRLF0123456789CRLF0CRLFCRLF",
            "3CRLFabcCRLF0CRLFX-Trailer: 1CRLFOther:valueCRLFCRLF",
            "0CRLFCRLFGET /next HTTP/1.1CRLF", // what follows the body is the next request's, not checked
            "0000000000000003CRLFabcCRLF0CRLFCRLF", // 16 hex digits
    })
    void acceptsValidBodies(String body) throws Exception {
        ChunkGrammar framing = new ChunkGrammar(8192);
        ByteBuffer b = bytes(body);
        framing.check(b, 0, b.limit());
        assertThat(framing.complete()).isTrue();
        assertThat(b.position()).as("only observes").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "3CRLFabcCRLF0CRLFCRLF",
            "3;name=valueCRLFabcCRLF0CRLFX-T: 1CRLFCRLF",
    })
    void acceptsBodiesSplitAnywhere(String body) throws Exception {
        ByteBuffer b = bytes(body);
        for (int split = 0; split <= b.limit(); split++) {
            ChunkGrammar framing = new ChunkGrammar(8192);
            framing.check(b, 0, split);
            framing.check(b, split, b.limit());
            assertThat(framing.complete()).as("split at " + split).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not hex                    | zzCRLFabcCRLF0CRLFCRLF                   | must start with a hex digit",
            "negative                   | -1CRLFabcCRLF0CRLFCRLF                   | must start with a hex digit",
            "data longer than its size  | 3CRLFabcdeCRLF0CRLFCRLF                  | chunk data longer than its size",
            "bare LF after the size     | 3LFabcLF0LFLF                            | unexpected 0x0a after a chunk size",
            "bare LF after the data     | 3CRLFabcLF0CRLFCRLF                      | chunk data longer than its size",
            "CR without LF              | 3CRxabcCRLF0CRLFCRLF                     | must end with CRLF",
            "17 hex digits              | 00000000000000003CRLFabcCRLF0CRLFCRLF    | longer than 16 hex digits",
            "size overflows             | ffffffffffffffffCRLF                     | chunk size too large",
            "garbage after the size     | 3xCRLFabcCRLF0CRLFCRLF                   | unexpected 'x' after a chunk size",
            "NUL in an extension        | 3;a\u0000CRLFabcCRLF0CRLFCRLF            | control character 0x00",
            "empty size                 | CRLFabcCRLF0CRLFCRLF                     | must start with a hex digit",
            "trailer without a colon    | 0CRLFX-TrailerCRLFCRLF                   | malformed trailer field name",
            "trailer name with a space  | 0CRLFX T: 1CRLFCRLF                      | malformed trailer field name",
            "trailer value with a NUL   | 0CRLFX-T: a\u0000bCRLFCRLF               | control character 0x00",
            "no final CRLF              | 0CRLFCRx                                 | must end with CRLF",
    })
    void refusesBrokenBodies(String what, String body, String problem) {
        ChunkGrammar framing = new ChunkGrammar(8192);
        ByteBuffer b = bytes(body);
        assertThatThrownBy(() -> framing.check(b, 0, b.limit())).as(what)
                .isInstanceOf(ChunkGrammar.InvalidChunkedException.class)
                .hasMessageContaining(problem);
    }

    @org.junit.jupiter.api.Test
    void refusesAnOversizedTrailerSection() {
        ChunkGrammar framing = new ChunkGrammar(64);
        ByteBuffer b = bytes("0CRLFX-Big: " + "a".repeat(100) + "CRLFCRLF");
        assertThatThrownBy(() -> framing.check(b, 0, b.limit())).hasMessageContaining("trailer section larger than 64 bytes");
    }

    @org.junit.jupiter.api.Test
    void refusesAnOversizedChunkExtension() {
        ChunkGrammar framing = new ChunkGrammar(8192);
        ByteBuffer b = bytes("3;" + "a".repeat(5000) + "CRLFabcCRLF0CRLFCRLF");
        assertThatThrownBy(() -> framing.check(b, 0, b.limit())).hasMessageContaining("chunk extension too long");
    }
}
