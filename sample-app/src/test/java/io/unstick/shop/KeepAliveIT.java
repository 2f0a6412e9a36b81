package io.unstick.shop;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node keeps a keep-alive connection open however many requests it carries: its client is a balancer's connection
 * pool, and Tomcat's default (close after 100 requests) made every hundredth request through the balancer wait for a
 * new connection.
 */
class KeepAliveIT {

    private static final int REQUESTS = 250;

    @Test
    void oneConnectionCarriesMoreThanTomcatsDefaultHundredRequests() throws IOException {
        try (ShopServer node = ShopServer.start(new ShopConfig(Mode.STICKY, "keepalive-1", 0));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] request = ("HEAD /health/ready HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 1; i <= REQUESTS; i++) {
                out.write(request);
                out.flush();
                String head = readHead(in);
                assertThat(head).as("response %d", i).startsWith("HTTP/1.1 204");
                assertThat(head.toLowerCase(Locale.ROOT)).as("response %d", i).doesNotContain("connection: close");
            }
        }
    }

    /** A HEAD response is its head: read up to the empty line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the node closed the connection after " + head.size() + " bytes of a response head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
