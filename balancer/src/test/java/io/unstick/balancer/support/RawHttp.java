package io.unstick.balancer.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request exactly as written, for what HTTP clients refuse to send (Connection headers, oversized or
 * malformed requests), and returns the raw response text ("" if the server just closed the connection).
 */
public final class RawHttp {

    private RawHttp() {
    }

    public static String send(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may refuse and close before we finish writing; read what it answered
            }
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    response.write(buffer, 0, n);
                    if (response.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && complete(response)) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // keep what arrived
            }
            return response.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Status code of a raw response, or -1 if there was none. */
    public static int status(String response) {
        return response.startsWith("HTTP/1.1 ") ? Integer.parseInt(response.substring(9, 12)) : -1;
    }

    private static boolean complete(ByteArrayOutputStream response) {
        String text = response.toString(StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        String head = text.substring(0, headerEnd).toLowerCase();
        int cl = head.indexOf("content-length:");
        if (cl < 0) {
            return head.contains("transfer-encoding") ? text.endsWith("0\r\n\r\n") : true;
        }
        int eol = head.indexOf('\r', cl);
        int length = Integer.parseInt(head.substring(cl + 15, eol < 0 ? head.length() : eol).trim());
        return text.length() - headerEnd - 4 >= length;
    }
}
