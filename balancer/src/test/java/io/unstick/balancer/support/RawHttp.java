package io.unstick.balancer.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a request exactly as written, for what HTTP clients refuse to send (Connection headers, oversized or
 * malformed requests), and returns the raw response text ("" if the server just closed the connection). Interim
 * 1xx responses are kept in the text and read past.
 */
public final class RawHttp {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})");

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
            return readResponse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one final response (after any 1xx) from the stream, or what arrived before it closed or went quiet. */
    public static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                response.write(buffer, 0, n);
                if (complete(response.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // keep what arrived
        }
        return response.toString(StandardCharsets.ISO_8859_1);
    }

    /** Status code of the final response in a raw response text, or -1 if there was none. */
    public static int status(String response) {
        int status = -1;
        Matcher m = STATUS_LINE.matcher(response);
        int from = 0;
        while (m.find(from) && m.start() == from) {
            status = Integer.parseInt(m.group(1));
            int end = response.indexOf("\r\n\r\n", m.start());
            if (status >= 200 || end < 0) {
                break;
            }
            from = end + 4; // an interim response: the final one follows
        }
        return status;
    }

    /** The body of the final response. */
    public static String body(String response) {
        int end = response.lastIndexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }

    private static boolean complete(String text) {
        int start = 0;
        for (;;) {
            int headerEnd = text.indexOf("\r\n\r\n", start);
            if (headerEnd < 0) {
                return false;
            }
            String head = text.substring(start, headerEnd).toLowerCase();
            if (head.matches("(?s)http/1\\.[01] 1\\d\\d.*")) {
                start = headerEnd + 4; // 100 Continue: the final response follows
                continue;
            }
            int cl = head.indexOf("content-length:");
            if (cl < 0) {
                return !head.contains("transfer-encoding") || text.endsWith("0\r\n\r\n");
            }
            int eol = head.indexOf('\r', cl);
            int length = Integer.parseInt(head.substring(cl + 15, eol < 0 ? head.length() : eol).trim());
            return text.length() - headerEnd - 4 >= length;
        }
    }
}
