package io.unstick.balancer.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

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

    private final Socket socket;
    private final boolean https;
    private final DataInputStream in;
    private final OutputStream out;

    private RawHttp2(Socket socket, boolean https) throws IOException {
        this.socket = socket;
        this.https = https;
        socket.setSoTimeout(30_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
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

    /** Reads until the server's GOAWAY, or null if it closed without one (a read times out after 30 s). */
    public Frame awaitGoAway() throws IOException {
        for (Frame frame = read(); frame != null; frame = read()) {
            if (frame.type() == GOAWAY) {
                return frame;
            }
        }
        return null;
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
