package io.unstick.balancer.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/2 frames written by hand, for what well-behaved clients never send (a burst of streams reset at once,
 * more streams than the server allows). Headers are HPACK-encoded from the static table and literals, without
 * Huffman coding; only the frames the tests look at are decoded.
 */
public final class RawHttp2 implements AutoCloseable {

    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int GOAWAY = 0x7;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int ACK = 0x1;
    private static final int CANCEL = 0x8;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One frame as received. */
    public record Frame(int type, int flags, int stream, byte[] payload) {
        /** A GOAWAY's error code (RFC 9113 §7: 11 is ENHANCE_YOUR_CALM). */
        public int errorCode() {
            return (payload[4] & 0xff) << 24 | (payload[5] & 0xff) << 16 | (payload[6] & 0xff) << 8 | payload[7] & 0xff;
        }
    }

    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final Socket socket;
    private final boolean https;
    private final DataInputStream in;
    private final OutputStream out;

    private RawHttp2(Socket socket, boolean https) throws IOException {
        this.socket = socket;
        this.https = https;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.in = new DataInputStream(socket.getInputStream());
        // frames leave on flush(), together: over TLS a burst is then one write (one record up to 16 KB) that the server
        // reads whole, rather than a record per frame trickling in (awaitEnd says why that matters)
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        out.write(PREFACE);
        frame(SETTINGS, 0, 0, new byte[0]);
        out.flush();
        // the server's SETTINGS come first; read() answers them now, so that no write of ours can meet a server
        // that has since closed (a reset that would swallow its GOAWAY)
        Frame first = read();
        if (first == null || first.type() != SETTINGS) {
            socket.close();
            throw new IOException("expected the server's SETTINGS, got " + first);
        }
    }

    /** HTTP/2 chosen by ALPN over TLS. */
    public static RawHttp2 overTls(SSLContext context, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[]{"h2"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            socket.close();
            throw new IOException("the server did not choose h2 by ALPN: " + socket.getApplicationProtocol());
        }
        return new RawHttp2(socket, true);
    }

    /** HTTP/2 over plain TCP without an upgrade ("prior knowledge", RFC 9113 §3.3). */
    public static RawHttp2 priorKnowledge(int port) throws IOException {
        return new RawHttp2(new Socket("127.0.0.1", port), false);
    }

    /** Opens stream {@code id} (odd, increasing) with a request; without {@code endStream} a body is to follow. */
    public void request(int id, String method, String path, boolean endStream) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(switch (method) {
            case "GET" -> 0x82;
            case "POST" -> 0x83;
            default -> throw new IllegalArgumentException(method);
        });
        block.write(https ? 0x87 : 0x86);     // :scheme, from the static table
        literal(block, 4, path);              // :path
        literal(block, 1, "localhost");       // :authority
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), id, block.toByteArray());
    }

    /** Part of a request body on stream {@code id}; with {@code endStream}, its last part. */
    public void data(int id, byte[] bytes, boolean endStream) throws IOException {
        frame(DATA, endStream ? END_STREAM : 0, id, bytes);
    }

    /** Cancels stream {@code id}, as a client that changed its mind (and as the rapid-reset attack does). */
    public void reset(int id) throws IOException {
        frame(RST_STREAM, 0, id, new byte[]{0, 0, 0, CANCEL});
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The next frame, or null when the server closed the connection; answers the server's SETTINGS. */
    public Frame read() throws IOException {
        try {
            int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(SETTINGS, ACK, 0, new byte[0]);
                out.flush();
            }
            return new Frame(type, flags, stream, payload);
        } catch (EOFException | SocketException closed) {
            return null;
        }
    }

    /**
     * How the server ended a connection: its GOAWAY if one was read (else null), and whether it then closed the
     * connection before the deadline (false: still open, or the deadline passed mid-read).
     */
    public record Ending(Frame goAway, boolean closed) {
    }

    /**
     * Reads frames until the server closes the connection or {@code deadline} passes, and keeps the first GOAWAY.
     * It reads to the end rather than a number of frames: a loaded server sends any number of frames (responses, its
     * own resets) before its GOAWAY. The bytes a server sent before closing stay readable here even when it closed
     * with a reset (the read after them reports the reset, counted as closed). What a reset can lose is on the
     * server's side: Undertow closes right after its GOAWAY, a close with frames of ours still unread in its socket
     * resets the connection, and what it had not yet sent is lost, the GOAWAY included. Measured on a loaded 2-core
     * machine with 300 reset streams: written a TLS record per frame, 16 of 90 connections ended with a reset and no
     * GOAWAY; written in one flush, 80 of 80 got it. So send a burst with one {@link #flush()}.
     */
    public Ending awaitEnd(Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        Frame goAway = null;
        try {
            for (long left = deadline.toMillis(); left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                socket.setSoTimeout((int) Math.max(1, Math.min(left, Integer.MAX_VALUE)));
                Frame frame = read();
                if (frame == null) {
                    return new Ending(goAway, true);
                }
                if (frame.type() == GOAWAY && goAway == null) {
                    goAway = frame;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            // the deadline passed while the connection was open
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
        return new Ending(goAway, false);
    }

    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 126) {
            throw new IllegalArgumentException("keep test values short: " + value);
        }
        block.write(nameIndex);  // literal without indexing, name from the static table (index < 15)
        block.write(bytes.length);
        block.writeBytes(bytes);
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(new byte[]{(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.write(payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
