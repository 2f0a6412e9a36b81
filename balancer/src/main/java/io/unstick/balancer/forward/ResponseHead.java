package io.unstick.balancer.forward;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A backend's response head, read straight from the bytes received (RFC 9112 sections 4 and 5):
 * <pre>
 * HTTP/1.1 200 OK\r\n
 * Content-Length: 2\r\n
 * \r\n
 * </pre>
 * Strict where leniency would let a backend smuggle or split responses: only {@code HTTP/1.0} and {@code HTTP/1.1},
 * a three-digit status, token header names, no obsolete line folding, no bare CR, no NUL, at most one
 * {@code Content-Length} value.
 * <p>
 * One per backend connection, reused for each of its responses: a common header's value is the previous response's
 * {@code String} when its bytes are the same (nodes repeat most of them), so a usual response head allocates no value.
 */
final class ResponseHead {

    static final long NO_LENGTH = -1;

    /** The names most responses carry, as nodes commonly spell them. */
    private static final HttpString[] COMMON = {Headers.CONTENT_LENGTH, Headers.CONTENT_TYPE, Headers.DATE,
            Headers.SERVER, Headers.CONNECTION, Headers.KEEP_ALIVE, Headers.TRANSFER_ENCODING, Headers.SET_COOKIE,
            Headers.CACHE_CONTROL, Headers.LOCATION, Headers.LAST_MODIFIED, Headers.ETAG, Headers.VARY,
            Headers.EXPIRES, Headers.CONTENT_ENCODING, Headers.ACCEPT_RANGES, Headers.CONTENT_LANGUAGE};

    /** Per name of {@link #COMMON}, the value the last response sent under it (Strings are immutable: safe to share). */
    private final String[] lastValues = new String[COMMON.length];

    int status;
    boolean http10;
    long contentLength;
    /** The value of {@code Transfer-Encoding}, or null. */
    String transferEncoding;
    boolean connectionClose;
    boolean keepAlive;

    /**
     * Reads the head in {@code buf[from, limit)}, its fields into this object and {@code headers}.
     *
     * @return the index just past the head, or -1 if it is not complete yet
     * @throws BadResponse if the head is malformed
     */
    int read(ByteBuffer buf, int from, int limit, HeaderMap headers) throws BadResponse {
        int end = headEnd(buf, from, limit);
        if (end < 0) {
            return -1;
        }
        status = 0;
        contentLength = NO_LENGTH;
        transferEncoding = null;
        connectionClose = false;
        keepAlive = false;
        int line = statusLine(buf, from, end);
        headers.clear();
        while (line < end - 2) {
            int eol = lineEnd(buf, line, end);
            header(buf, line, eol, headers);
            line = eol + 2;
        }
        return end;
    }

    private int statusLine(ByteBuffer buf, int from, int end) throws BadResponse {
        int eol = lineEnd(buf, from, end);
        if (eol - from < 12 || !startsWith(buf, from, "HTTP/1.") || buf.get(from + 8) != ' '
                || eol != from + 12 && buf.get(from + 12) != ' ') {
            throw new BadResponse("malformed status line");
        }
        byte minor = buf.get(from + 7);
        if (minor != '0' && minor != '1') {
            throw new BadResponse("unsupported HTTP version");
        }
        http10 = minor == '0';
        int code = 0;
        for (int i = from + 9; i < from + 12; i++) {
            byte b = buf.get(i);
            if (b < '0' || b > '9') {
                throw new BadResponse("malformed status code");
            }
            code = code * 10 + (b - '0');
        }
        if (code < 100) {
            throw new BadResponse("malformed status code");
        }
        status = code;
        return eol + 2;
    }

    private void header(ByteBuffer buf, int from, int eol, HeaderMap headers) throws BadResponse {
        int colon = -1;
        for (int i = from; i < eol; i++) {
            byte b = buf.get(i);
            if (b == ':') {
                colon = i;
                break;
            }
            if (!isToken(b)) {
                throw new BadResponse(i == from && (b == ' ' || b == '\t') ? "obsolete line folding" : "malformed header name");
            }
        }
        if (colon <= from) {
            throw new BadResponse("malformed header line");
        }
        int start = colon + 1;
        int stop = eol;
        while (start < stop && isSpace(buf.get(start))) {
            start++;
        }
        while (stop > start && isSpace(buf.get(stop - 1))) {
            stop--;
        }
        for (int i = start; i < stop; i++) {
            byte b = buf.get(i);
            if (b == 0 || b == '\r' || b == '\n') {
                throw new BadResponse("invalid character in a header value");
            }
        }
        int known = common(buf, from, colon);
        HttpString name = known >= 0 ? COMMON[known] : HttpString.tryFromString(ascii(buf, from, colon));
        String value = known >= 0 ? commonValue(known, buf, start, stop) : ascii(buf, start, stop);
        if (name.equalToString("content-length")) {
            if (contentLength != NO_LENGTH) {
                throw new BadResponse("more than one Content-Length");
            }
            contentLength = digits(value);
        } else if (name.equalToString("transfer-encoding")) {
            transferEncoding = transferEncoding == null ? value : transferEncoding + ", " + value;
        } else if (name.equalToString("connection")) {
            connectionClose |= hasToken(buf, start, stop, "close");
            keepAlive |= hasToken(buf, start, stop, "keep-alive");
        }
        headers.add(name, value);
    }

    /**
     * The index in {@link #COMMON} of the header name in {@code buf[from, to)} when its bytes are a common name's
     * exactly (same case, so the client gets the name as the node sent it), else -1: no copy for the usual headers.
     */
    private static int common(ByteBuffer buf, int from, int to) {
        int length = to - from;
        for (int i = 0; i < COMMON.length; i++) {
            if (COMMON[i].length() == length && sameBytes(COMMON[i], buf, from)) {
                return i;
            }
        }
        return -1;
    }

    /** The value in {@code buf[from, to)} of the common header {@code known}: the last one sent if the bytes match. */
    private String commonValue(int known, ByteBuffer buf, int from, int to) {
        String last = lastValues[known];
        if (last != null && sameBytes(last, buf, from, to)) {
            return last;
        }
        String value = ascii(buf, from, to);
        lastValues[known] = value;
        return value;
    }

    private static boolean sameBytes(String text, ByteBuffer buf, int from, int to) {
        if (text.length() != to - from) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != (buf.get(from + i) & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the comma-separated list in {@code buf[from, to)} has {@code token} (lower case ASCII), ignoring case and
     * the characters up to space around each element, as {@code String.trim()} does.
     */
    static boolean hasToken(ByteBuffer buf, int from, int to, String token) {
        int element = from;
        while (element <= to) {
            int comma = element;
            while (comma < to && buf.get(comma) != ',') {
                comma++;
            }
            int start = element;
            int stop = comma;
            while (start < stop && (buf.get(start) & 0xff) <= ' ') {
                start++;
            }
            while (stop > start && (buf.get(stop - 1) & 0xff) <= ' ') {
                stop--;
            }
            if (stop - start == token.length() && equalsIgnoreCase(buf, start, token)) {
                return true;
            }
            element = comma + 1;
        }
        return false;
    }

    private static boolean equalsIgnoreCase(ByteBuffer buf, int from, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            int b = buf.get(from + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBytes(HttpString known, ByteBuffer buf, int from) {
        for (int i = 0; i < known.length(); i++) {
            if (known.byteAt(i) != buf.get(from + i)) {
                return false;
            }
        }
        return true;
    }

    /** The index just past the blank line that ends the head in {@code buf[from, limit)}, or -1. */
    static int headEnd(ByteBuffer buf, int from, int limit) throws BadResponse {
        for (int i = from; i < limit; i++) {
            if (buf.get(i) != '\n') {
                continue;
            }
            if (i == from || buf.get(i - 1) != '\r') {
                throw new BadResponse("bare LF in the head"); // else a head of bare LFs would be waited for forever
            }
            if (i - from >= 3 && buf.get(i - 2) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The index of the CR of the CRLF that ends the line starting at {@code from}; a bare CR or LF is refused. */
    private static int lineEnd(ByteBuffer buf, int from, int end) throws BadResponse {
        for (int i = from; i < end; i++) {
            byte b = buf.get(i);
            if (b == '\r') {
                if (i + 1 >= end || buf.get(i + 1) != '\n') {
                    throw new BadResponse("bare CR in the head");
                }
                return i;
            }
            if (b == '\n') {
                throw new BadResponse("bare LF in the head");
            }
        }
        throw new BadResponse("unterminated line");
    }

    private static long digits(String value) throws BadResponse {
        if (value.isEmpty() || value.length() > 18) {
            throw new BadResponse("malformed Content-Length");
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadResponse("malformed Content-Length");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean startsWith(ByteBuffer buf, int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (buf.get(from + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(ByteBuffer buf, int from, int to) {
        byte[] bytes = new byte[to - from];
        buf.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** RFC 9110 tchar. */
    private static boolean isToken(byte b) {
        if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
            return true;
        }
        return b > 0 && "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }
}
