package io.unstick.balancer.forward;

import java.nio.ByteBuffer;

/**
 * Decodes a chunked response body (RFC 9112 section 7.1) in place: {@link #decode} moves the data bytes of what was
 * received to the front of the same buffer and drops the framing, so the data can be written on without a copy
 * elsewhere. Undertow frames it again for the client. Chunk extensions are skipped; trailers are read and dropped
 * (as Undertow's proxy does); a size over 2^60, or framing that is not CRLF where it must be, is refused.
 */
final class ChunkedBody {

    private static final int MAX_TRAILER_BYTES = 8 * 1024;

    private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_LINE_START, TRAILER, TRAILER_LF, END_LF, DONE }

    private State state = State.SIZE;
    private long chunkLeft;
    private int sizeDigits;
    private int trailerBytes;

    boolean done() {
        return state == State.DONE;
    }

    /**
     * Decodes {@code buf[from, limit)}.
     *
     * @return the number of data bytes now at {@code buf[from, from + n)}; the rest of what was decoded is framing.
     *         Bytes after the last chunk's end are left where they were and counted in {@link #consumed}.
     */
    int decode(ByteBuffer buf, int from, int limit) throws BadResponse {
        int out = from;
        int i = from;
        while (i < limit && state != State.DONE) {
            if (state == State.DATA) {
                int n = (int) Math.min(chunkLeft, limit - i);
                if (out != i) {
                    buf.put(out, buf, i, n);
                }
                out += n;
                i += n;
                chunkLeft -= n;
                if (chunkLeft == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            byte b = buf.get(i++);
            state = next(state, b);
        }
        consumed = i - from;
        return out - from;
    }

    /** Bytes of the last {@link #decode} call's input that belonged to the body. */
    int consumed;

    private State next(State current, byte b) throws BadResponse {
        switch (current) {
            case SIZE -> {
                int digit = Character.digit(b, 16);
                if (digit >= 0) {
                    if (++sizeDigits > 15) {
                        throw new BadResponse("chunk size too large");
                    }
                    chunkLeft = chunkLeft * 16 + digit;
                    return State.SIZE;
                }
                if (sizeDigits == 0) {
                    throw new BadResponse("malformed chunk size");
                }
                if (b == ';' || b == ' ' || b == '\t') {
                    return State.EXTENSION;
                }
                return sizeEnd(b);
            }
            case EXTENSION -> {
                if (b == '\r') {
                    return State.SIZE_LF;
                }
                if (b == '\n') {
                    throw new BadResponse("bare LF in chunk framing");
                }
                return State.EXTENSION;
            }
            case SIZE_LF -> {
                expect(b, '\n');
                sizeDigits = 0;
                return chunkLeft == 0 ? State.TRAILER_LINE_START : State.DATA;
            }
            case DATA_CR -> {
                expect(b, '\r');
                return State.DATA_LF;
            }
            case DATA_LF -> {
                expect(b, '\n');
                return State.SIZE;
            }
            case TRAILER_LINE_START -> {
                if (b == '\r') {
                    return State.END_LF;
                }
                return trailer(b);
            }
            case TRAILER -> {
                return b == '\r' ? State.TRAILER_LF : trailer(b);
            }
            case TRAILER_LF -> {
                expect(b, '\n');
                return State.TRAILER_LINE_START;
            }
            case END_LF -> {
                expect(b, '\n');
                return State.DONE;
            }
            default -> throw new IllegalStateException(current.name());
        }
    }

    private State sizeEnd(byte b) throws BadResponse {
        if (b == '\r') {
            return State.SIZE_LF;
        }
        throw new BadResponse("malformed chunk size");
    }

    private State trailer(byte b) throws BadResponse {
        if (b == '\n' || ++trailerBytes > MAX_TRAILER_BYTES) {
            throw new BadResponse("malformed or oversized trailer");
        }
        return State.TRAILER;
    }

    private static void expect(byte b, char wanted) throws BadResponse {
        if (b != wanted) {
            throw new BadResponse("malformed chunk framing");
        }
    }
}
