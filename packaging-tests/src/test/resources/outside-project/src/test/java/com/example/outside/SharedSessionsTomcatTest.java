package com.example.outside;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedSessionsTomcatTest {

    @Test
    void aSessionStartedOnOneNodeContinuesOnTheOther() throws Exception {
        int port1 = freePort();
        int port2 = freePort();
        String members = "127.0.0.1:" + port1 + ",127.0.0.1:" + port2;
        try (SharedSessionsTomcat node1 = new SharedSessionsTomcat("node1", port1, members);
             SharedSessionsTomcat node2 = new SharedSessionsTomcat("node2", port2, members)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> first = client.send(get(node1, null), HttpResponse.BodyHandlers.ofString());
            assertEquals("1", first.body());
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertTrue(cookie.startsWith("JSESSIONID=") && cookie.endsWith(".node1"), cookie);

            HttpResponse<String> second = client.send(get(node2, cookie), HttpResponse.BodyHandlers.ofString());
            assertEquals("2", second.body(), "node2 continues the session node1 started");
        }
    }

    private static HttpRequest get(SharedSessionsTomcat node, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/visits"));
        return cookie == null ? request.build() : request.header("Cookie", cookie).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
