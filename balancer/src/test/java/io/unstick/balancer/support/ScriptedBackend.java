package io.unstick.balancer.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on a plain socket (loopback, ephemeral port) whose answers the test writes byte for byte, to play a
 * misbehaving or hostile node: malformed heads, odd framing, closes at the wrong moment, silence. It reads each
 * request's head and body (Content-Length or chunked), records them, answers {@code /health/ready} with 200 and hands
 * every other request to the test's {@link Script}.
 */
public final class ScriptedBackend implements AutoCloseable {

    /** What the node does with one request; it may write anything, close, or wait. */
    @FunctionalInterface
    public interface Script {
        void answer(Request request, OutputStream out, Socket socket) throws Exception;
    }

    /** One request as the node received it. */
    public record Request(String head, byte[] body, int connection) {
        public String path() {
            String line = head.substring(0, head.indexOf("\r\n"));
            return line.split(" ")[1];
        }

        public String method() {
            return head.substring(0, head.indexOf(' '));
        }

        /** Whether the head has a header line starting with {@code name:} (case-insensitive). */
        public boolean has(String name) {
            return header(name) != null;
        }

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final String name;
    private final Script script;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public ScriptedBackend(String name, Script script) {
        this.name = name;
        this.script = script;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    public String spec() {
        return name + "=http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests other than health probes, in arrival order. */
    public List<Request> requests() {
        return requests;
    }

    /** Most requests (health probes aside) in progress at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int id = connections.incrementAndGet();
                threads.execute(() -> serve(socket, id));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, int id) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (;;) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                Request request = new Request(head, readBody(in, head), id);
                if (request.path().equals("/health/ready")) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nup".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    continue;
                }
                requests.add(request);
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    script.answer(request, out, socket);
                } finally {
                    inFlight.decrementAndGet();
                }
                out.flush();
                if (socket.isClosed()) {
                    return;
                }
            }
        } catch (Exception e) {
            // the balancer or the script closed the connection
        }
    }

    /** Reads up to and including the blank line that ends a head; null if the stream ends first. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            last4 = last4 << 8 | b;
            if (last4 == 0x0d0a0d0a) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static byte[] readBody(InputStream in, String head) throws IOException {
        Request parsed = new Request(head, new byte[0], 0);
        String length = parsed.header("Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        if (!"chunked".equalsIgnoreCase(parsed.header("Transfer-Encoding"))) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** Writes an ISO-8859-1 string. */
    public static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        threads.shutdownNow();
    }
}
