package io.unstick.lab.bench.balancer.ceiling;

import java.nio.ByteBuffer;

/**
 * The little the ceiling fixture reads of an HTTP/1.1 head, straight from the read buffer (absolute gets, no
 * copies, no strings): where the head ends, {@code Content-Length}, whether {@code Transfer-Encoding} is present
 * (not supported), {@code Connection: close}, and the backend a {@code SERVERID=sN} cookie names.
 */
final class Http1Head {

    static final int NO_LENGTH = -1;

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes();
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes();
    private static final byte[] CONNECTION = "connection:".getBytes();
    private static final byte[] COOKIE = "cookie:".getBytes();
    private static final byte[] ROUTE = "SERVERID=s".getBytes();
    private static final byte[] CLOSE = "close".getBytes();

    /** Content-Length, or {@link #NO_LENGTH}. */
    long contentLength;
    boolean transferEncoding;
    boolean connectionClose;
    /** 0-based backend index from the cookie; 0 without one. */
    int route;

    /** @return the index just past the blank line that ends the head in {@code buf[0, limit)}, or -1 */
    static int end(ByteBuffer buf, int limit) {
        for (int i = 3; i < limit; i++) {
            if (buf.get(i) == '\n' && buf.get(i - 1) == '\r' && buf.get(i - 2) == '\n' && buf.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Reads the header lines of the head {@code buf[0, end)}; false when a field it needs is malformed. */
    boolean read(ByteBuffer buf, int end) {
        contentLength = NO_LENGTH;
        transferEncoding = false;
        connectionClose = false;
        route = 0;
        int line = nextLine(buf, 0, end); // skip the request or status line
        while (line < end - 2) {
            int eol = nextLine(buf, line, end);
            if (startsWithIgnoreCase(buf, line, eol, CONTENT_LENGTH)) {
                contentLength = digits(buf, line + CONTENT_LENGTH.length, eol - 2);
                if (contentLength < 0) {
                    return false;
                }
            } else if (startsWithIgnoreCase(buf, line, eol, TRANSFER_ENCODING)) {
                transferEncoding = true;
            } else if (startsWithIgnoreCase(buf, line, eol, CONNECTION)) {
                connectionClose = indexOf(buf, line + CONNECTION.length, eol, CLOSE) >= 0;
            } else if (startsWithIgnoreCase(buf, line, eol, COOKIE)) {
                int at = indexOf(buf, line + COOKIE.length, eol, ROUTE);
                if (at >= 0 && at + ROUTE.length < eol) {
                    route = Math.max(0, buf.get(at + ROUTE.length) - '1');
                }
            }
            line = eol;
        }
        return true;
    }

    /** The 3-digit status of a response head ({@code HTTP/1.1 200 OK}), or -1. */
    static int status(ByteBuffer buf, int end) {
        if (end < 12) {
            return -1;
        }
        long status = digits(buf, 9, 12);
        return (int) status;
    }

    /** Whether the request line starts with {@code HEAD }: its response has a length but no body. */
    static boolean isHead(ByteBuffer buf) {
        return buf.get(0) == 'H' && buf.get(1) == 'E' && buf.get(2) == 'A' && buf.get(3) == 'D' && buf.get(4) == ' ';
    }

    /** Index just past the next LF at or after {@code from}, or {@code end}. */
    private static int nextLine(ByteBuffer buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf.get(i) == '\n') {
                return i + 1;
            }
        }
        return end;
    }

    private static boolean startsWithIgnoreCase(ByteBuffer buf, int from, int end, byte[] lowerName) {
        if (end - from < lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if ((buf.get(from + i) | 0x20) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ByteBuffer buf, int from, int end, byte[] what) {
        outer:
        for (int i = from; i <= end - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (buf.get(i + j) != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The decimal number in {@code buf[from, to)} after optional spaces, or -1 if there is none or it is too long. */
    private static long digits(ByteBuffer buf, int from, int to) {
        long value = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            byte b = buf.get(i);
            if (b == ' ' || b == '\t') {
                if (count > 0) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '9' || ++count > 18) {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return count == 0 ? -1 : value;
    }
}
