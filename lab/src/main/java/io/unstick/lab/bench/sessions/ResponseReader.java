package io.unstick.lab.bench.sessions;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response at a time from the bytes a connection receives, however they are split: the status,
 * the {@code Set-Cookie} values and whether the server closes the connection; the body is skipped (by
 * {@code Content-Length} or chunks). Not thread-safe: one per connection, on the load's IO thread.
 */
final class ResponseReader {

    private static final int MAX_LINE = 16 * 1024;

    private enum State { STATUS, HEADER, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, DONE }

    private final StringBuilder line = new StringBuilder();
    private State state = State.STATUS;
    private int status;
    private List<String> setCookies = new ArrayList<>();
    private boolean close;
    private boolean chunked;
    private long remaining;
    private boolean sawCr;

    /** The answer, once {@link #read} returned {@code true}. */
    record Answer(int status, List<String> setCookies, boolean close) {
    }

    /**
     * Consumes bytes of the current response from {@code in}; bytes after its end stay in {@code in}.
     *
     * @return whether the response is complete
     * @throws IllegalStateException when the bytes are not an HTTP/1.1 response
     */
    boolean read(ByteBuffer in) {
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case BODY, CHUNK_DATA -> skip(in);
                default -> {
                    String complete = line(in);
                    if (complete != null) {
                        onLine(complete);
                    }
                }
            }
        }
        return state == State.DONE;
    }

    /** The complete response; the reader is ready for the next one on the same connection. */
    Answer take() {
        if (state != State.DONE) {
            throw new IllegalStateException("the response is not complete");
        }
        Answer answer = new Answer(status, List.copyOf(setCookies), close);
        state = State.STATUS;
        setCookies = new ArrayList<>();
        close = false;
        chunked = false;
        remaining = 0;
        return answer;
    }

    private void skip(ByteBuffer in) {
        int n = (int) Math.min(remaining, in.remaining());
        in.position(in.position() + n);
        remaining -= n;
        if (remaining == 0) {
            state = state == State.BODY ? State.DONE : State.CHUNK_END;
        }
    }

    /** A line without its CRLF once complete, else {@code null} (the part read so far is kept). */
    private String line(ByteBuffer in) {
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c == '\n' && sawCr) {
                sawCr = false;
                String complete = line.toString();
                line.setLength(0);
                return complete;
            }
            if (sawCr) {
                line.append('\r');
            }
            sawCr = c == '\r';
            if (!sawCr) {
                line.append(c);
            }
            if (line.length() > MAX_LINE) {
                throw new IllegalStateException("a response line longer than " + MAX_LINE + " bytes");
            }
        }
        return null;
    }

    private void onLine(String text) {
        switch (state) {
            case STATUS -> {
                if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                    throw new IllegalStateException("not an HTTP/1.x status line: '" + text + "'");
                }
                status = Integer.parseInt(text.substring(9, 12));
                close = text.startsWith("HTTP/1.0");
                state = State.HEADER;
            }
            case HEADER -> {
                if (text.isEmpty()) {
                    endOfHead();
                } else {
                    header(text);
                }
            }
            case CHUNK_SIZE -> {
                int ext = text.indexOf(';');
                remaining = Long.parseLong((ext < 0 ? text : text.substring(0, ext)).trim(), 16);
                state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (!text.isEmpty()) {
                    throw new IllegalStateException("a chunk longer than its size");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILER -> {
                if (text.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException("no line expected in state " + state);
        }
    }

    private void header(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException("not a header line: '" + text + "'");
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim();
        switch (name) {
            case "content-length" -> remaining = Long.parseLong(value);
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            case "connection" -> close = value.toLowerCase(Locale.ROOT).contains("close")
                    || (close && !value.toLowerCase(Locale.ROOT).contains("keep-alive"));
            case "set-cookie" -> setCookies.add(value);
            default -> {
                // not needed by the load
            }
        }
    }

    private void endOfHead() {
        if (status / 100 == 1) { // an interim answer: the real one follows
            state = State.STATUS;
            setCookies.clear();
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (status == 204 || status == 304 || remaining == 0) {
            state = State.DONE;
        } else {
            state = State.BODY;
        }
    }
}
