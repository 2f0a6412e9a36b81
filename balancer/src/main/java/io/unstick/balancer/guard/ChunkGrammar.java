package io.unstick.balancer.guard;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The chunked transfer coding's grammar (RFC 9112 section 7.1), checked byte by byte as the bytes arrive, in any
 * pieces; the chunk data itself is skipped, not looked at.
 *
 * <pre>
 * chunked-body = *chunk last-chunk trailer-section CRLF
 * chunk        = chunk-size [ BWS ";" chunk-ext ] CRLF chunk-data CRLF     chunk-size: 1 to 16 hex digits
 * last-chunk   = 1*"0" [ BWS ";" chunk-ext ] CRLF                           trailer: field-name ":" value CRLF
 * </pre>
 * After the final CRLF it ignores what follows (a pipelined next request).
 */
final class ChunkGrammar {

    private static final int SIZE_START = 0;
    private static final int SIZE = 1;
    private static final int SIZE_SPACE = 2;
    private static final int EXTENSION = 3;
    private static final int SIZE_LF = 4;
    private static final int DATA = 5;
    private static final int DATA_CR = 6;
    private static final int DATA_LF = 7;
    private static final int TRAILER_START = 8;
    private static final int TRAILER_NAME = 9;
    private static final int TRAILER_VALUE = 10;
    private static final int TRAILER_LF = 11;
    private static final int END_LF = 12;
    private static final int DONE = 13;
    private static final int MAX_SIZE_DIGITS = 16;
    private static final int MAX_SIZE_LINE = 4096;

    private final int maxTrailerBytes;
    private int state = SIZE_START;
    private long remaining;
    private int digits;
    private int lineBytes;
    private int trailerBytes;

    ChunkGrammar(int maxTrailerBytes) {
        this.maxTrailerBytes = maxTrailerBytes;
    }

    /** Whether a complete chunked body (its final CRLF included) went through. */
    boolean complete() {
        return state == DONE;
    }

    /** Runs the bytes {@code [from, to)} of {@code b} through the grammar, without moving its position. */
    void check(ByteBuffer b, int from, int to) throws InvalidChunkedException {
        int i = from;
        while (i < to && state != DONE) {
            if (state == DATA) { // the data itself is not looked at: skip it whole
                int n = (int) Math.min(remaining, to - i);
                i += n;
                remaining -= n;
                if (remaining == 0) {
                    state = DATA_CR;
                }
                continue;
            }
            step(b.get(i++) & 0xff);
        }
    }

    private void step(int c) throws InvalidChunkedException {
        switch (state) {
            case SIZE_START -> {
                int digit = Character.digit(c, 16);
                if (digit < 0) {
                    fail("a chunk size must start with a hex digit, got " + describe(c));
                }
                remaining = digit;
                digits = 1;
                lineBytes = 1;
                state = SIZE;
            }
            case SIZE -> {
                int digit = Character.digit(c, 16);
                if (digit >= 0) {
                    if (++digits > MAX_SIZE_DIGITS) {
                        fail("chunk size longer than " + MAX_SIZE_DIGITS + " hex digits");
                    }
                    remaining = remaining << 4 | digit;
                    if (remaining < 0) {
                        fail("chunk size too large");
                    }
                } else {
                    endOfSize(c);
                }
            }
            case SIZE_SPACE -> endOfSize(c);
            case EXTENSION -> {
                if (c == '\r') {
                    state = SIZE_LF;
                } else if (isControl(c) || ++lineBytes > MAX_SIZE_LINE) {
                    fail(isControl(c) ? "control character " + describe(c) + " in a chunk extension" : "chunk extension too long");
                }
            }
            case SIZE_LF -> {
                expect(c, '\n', "a chunk size line must end with CRLF");
                state = remaining == 0 ? TRAILER_START : DATA;
            }
            case DATA_CR -> {
                expect(c, '\r', "chunk data longer than its size");
                state = DATA_LF;
            }
            case DATA_LF -> {
                expect(c, '\n', "chunk data must end with CRLF");
                state = SIZE_START;
            }
            case TRAILER_START -> {
                if (c == '\r') {
                    state = END_LF;
                } else if (isTokenChar(c)) {
                    trailerByte();
                    state = TRAILER_NAME;
                } else {
                    fail("malformed trailer field name: " + describe(c));
                }
            }
            case TRAILER_NAME -> {
                trailerByte();
                if (c == ':') {
                    state = TRAILER_VALUE;
                } else if (!isTokenChar(c)) {
                    fail("malformed trailer field name: " + describe(c));
                }
            }
            case TRAILER_VALUE -> {
                trailerByte();
                if (c == '\r') {
                    state = TRAILER_LF;
                } else if (isControl(c)) {
                    fail("control character " + describe(c) + " in a trailer field");
                }
            }
            case TRAILER_LF -> {
                expect(c, '\n', "a trailer field must end with CRLF");
                state = TRAILER_START;
            }
            case END_LF -> {
                expect(c, '\n', "the chunked body must end with CRLF");
                state = DONE;
            }
            default -> throw new IllegalStateException("state " + state);
        }
    }

    private void endOfSize(int c) throws InvalidChunkedException {
        if (c == '\r') {
            state = SIZE_LF;
        } else if (c == ';') {
            state = EXTENSION;
        } else if (c == ' ' || c == '\t') {
            state = SIZE_SPACE;
        } else {
            fail("unexpected " + describe(c) + " after a chunk size");
        }
    }

    private void trailerByte() throws InvalidChunkedException {
        if (++trailerBytes > maxTrailerBytes) {
            fail("trailer section larger than " + maxTrailerBytes + " bytes");
        }
    }

    private void expect(int c, char expected, String problem) throws InvalidChunkedException {
        if (c != expected) {
            fail(problem + " (got " + describe(c) + ")");
        }
    }

    private static void fail(String problem) throws InvalidChunkedException {
        throw new InvalidChunkedException(problem);
    }

    /** CTL characters other than HTAB (RFC 9110 5.5): never allowed in a field value or chunk extension. */
    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static String describe(int c) {
        return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
    }

    /** The body broke the chunked grammar; the fault is already recorded on the exchange. */
    static final class InvalidChunkedException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidChunkedException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // an expected outcome of client input: no stack trace to log by accident
        }
    }
}
