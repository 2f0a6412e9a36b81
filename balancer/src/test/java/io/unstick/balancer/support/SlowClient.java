package io.unstick.balancer.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw client connection that sends a request in pieces, as slowly as a test wants, and reads the answer. */
public final class SlowClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;

    public SlowClient(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends text; false if the balancer already closed the connection. */
    public boolean send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the balancer answered anything yet (without waiting). */
    public boolean answered() {
        try {
            return socket.getInputStream().available() > 0;
        } catch (IOException e) {
            return true; // closed: an answer of sorts
        }
    }

    /** Reads until the text read so far contains {@code marker} (an interim 100 Continue, say), and returns it. */
    public String readUntil(String marker) {
        StringBuilder text = new StringBuilder();
        try {
            InputStream in = socket.getInputStream();
            while (text.indexOf(marker) < 0) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                text.append((char) c);
            }
        } catch (IOException e) {
            // return what arrived
        }
        return text.toString();
    }

    /** Everything the balancer sends until it closes the connection (or the socket timeout passes). */
    public String readToEnd() {
        return readUntil("\u0000never\u0000");
    }

    /** The raw response, waiting up to the socket timeout; "" if the connection closed without one. */
    public String response() {
        try {
            InputStream in = socket.getInputStream();
            return RawHttp.readResponse(in);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket: nothing to do
        }
    }
}
