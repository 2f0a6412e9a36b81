package io.unstick.lab.bench.balancer.ceiling;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ceiling fixture forwards byte-exact through real sockets on loopback: the request as the client sent it plus
 * the two forwarded headers, the response as the backend sent it, on kept-alive connections, to the backend the
 * cookie names, with bodies larger than its buffers.
 */
class ForwarderCeilingTest {

    private static final String FORWARDED = "X-Forwarded-For: 127.0.0.1\r\nForwarded: for=127.0.0.1;proto=http\r\n";

    private final List<Backend> backends = new ArrayList<>();
    private ForwarderCeiling ceiling;

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < 3; i++) {
            backends.add(new Backend("node" + (i + 1)));
        }
        ceiling = ForwarderCeiling.start(0, 1, backends.stream().map(Backend::port).toList());
    }

    @AfterEach
    void stop() {
        ceiling.close();
        backends.forEach(Backend::close);
    }

    @Test
    void forwardsRequestsAndResponsesByteExactOnKeptAliveConnectionsToTheCookiesBackend() throws Exception {
        try (Socket client = connect()) {
            for (int i = 0; i < 3; i++) {
                String head = "GET /cart?i=" + i + " HTTP/1.1\r\nHost: shop\r\nCookie: a=b; SERVERID=s2\r\n";
                client.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                byte[] response = readResponse(client.getInputStream());
                assertThat(new String(response, StandardCharsets.ISO_8859_1))
                        .isEqualTo(Backend.response("node2", ("GET /cart?i=" + i).length()));
                assertThat(new String(backends.get(1).requests.poll(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1))
                        .isEqualTo(head + FORWARDED + "\r\n");
            }
        }
        assertThat(backends.get(1).accepted.get()).as("one pooled keep-alive backend connection").isEqualTo(1);
        assertThat(backends.get(0).requests).isEmpty();
        assertThat(backends.get(2).requests).isEmpty();
    }

    @Test
    void streamsBodiesLargerThanItsBuffersBothWays() throws Exception {
        byte[] body = new byte[5 * ForwardedConnection.BUFFER_BYTES + 123];
        new Random(7).nextBytes(body);
        String head = "POST /upload HTTP/1.1\r\nHost: shop\r\nContent-Length: " + body.length + "\r\n";
        try (Socket client = connect()) {
            OutputStream out = client.getOutputStream();
            out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            byte[] response = readResponse(client.getInputStream());
            byte[] expected = Backend.response("node1", ("POST /upload").length() + body.length)
                    .getBytes(StandardCharsets.ISO_8859_1);
            assertThat(response).isEqualTo(expected);
        }
        byte[] received = backends.get(0).requests.poll(10, TimeUnit.SECONDS);
        byte[] expectedHead = (head + FORWARDED + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Arrays.copyOf(received, expectedHead.length)).isEqualTo(expectedHead);
        assertThat(Arrays.copyOfRange(received, expectedHead.length, received.length)).isEqualTo(body);
    }

    @Test
    void aHeadResponseEndsAtItsHeadDespiteItsContentLength() throws Exception {
        try (Socket client = connect()) {
            client.getOutputStream().write("HEAD / HTTP/1.1\r\nHost: shop\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(readResponse(client.getInputStream(), true), StandardCharsets.ISO_8859_1);
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
            client.getOutputStream().write("GET /next HTTP/1.1\r\nHost: shop\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(new String(readResponse(client.getInputStream()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(Backend.response("node1", "GET /next".length()));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), ceiling.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] readResponse(InputStream in) throws IOException {
        return readResponse(in, false);
    }

    /** One response by its Content-Length (or only its head). */
    private static byte[] readResponse(InputStream in, boolean headOnly) throws IOException {
        byte[] head = readHead(in);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int length = headOnly ? 0 : contentLength(text);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(head);
        all.write(in.readNBytes(length));
        return all.toByteArray();
    }

    static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toByteArray();
    }

    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    /**
     * A keep-alive backend on loopback that records every request it receives, byte-exact, and answers with a body
     * that names it, as long as the request line plus the request body (so large requests get large responses).
     */
    private static final class Backend implements AutoCloseable {

        final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
        final AtomicInteger accepted = new AtomicInteger();
        private final String name;
        private final ServerSocket server;
        private final Thread acceptor;

        Backend(String name) throws IOException {
            this.name = name;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.acceptor = new Thread(this::accept, "backend-" + name);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        static String response(String name, int length) {
            String body = (name + ":").repeat(length / (name.length() + 1) + 1).substring(0, length);
            return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + length + "\r\n\r\n" + body;
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread serve = new Thread(() -> serve(socket), "backend-" + name + "-conn");
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                while (true) {
                    byte[] head = readHead(in);
                    String text = new String(head, StandardCharsets.ISO_8859_1);
                    byte[] body = in.readNBytes(contentLength(text));
                    ByteArrayOutputStream request = new ByteArrayOutputStream();
                    request.write(head);
                    request.write(body);
                    requests.add(request.toByteArray());
                    int requestLine = text.indexOf(" HTTP/1.1");
                    String response = response(name, requestLine + body.length);
                    if (text.startsWith("HEAD ")) {
                        response = response.substring(0, response.indexOf("\r\n\r\n") + 4); // the length, no body
                    }
                    socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // the proxy closed the connection: this backend's job is done
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
