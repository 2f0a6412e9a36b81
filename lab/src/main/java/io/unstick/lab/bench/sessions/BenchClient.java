package io.unstick.lab.bench.sessions;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends a shopper's request to the shop with the shopper's cookies, reads the whole answer as a browser would (and
 * does not follow redirects: the 303 of a form post is the answer), and keeps the cookies it gets back. The bytes
 * go over {@link LoadConnections}, the load's own lean HTTP/1.1 connections.
 */
final class BenchClient implements AutoCloseable {

    /** The most connections, so the most requests in flight; more wait for a connection, charged to their latency. */
    static final int MAX_CONNECTIONS = 256;

    private final String host;
    private final LoadConnections connections;

    BenchClient(URI shop, Duration timeout) {
        this.host = shop.getHost() + ":" + shop.getPort();
        this.connections = new LoadConnections(new InetSocketAddress(shop.getHost(), shop.getPort()), MAX_CONNECTIONS,
                timeout);
    }

    CompletableFuture<ResponseReader.Answer> send(BenchShopper shopper, BenchRequest bench) {
        return connections.send(encode(bench, shopper.cookieHeader())).thenApply(answer -> {
            shopper.remember(answer.setCookies());
            return answer;
        });
    }

    byte[] encode(BenchRequest bench, String cookie) {
        StringBuilder head = new StringBuilder(256).append(bench.method()).append(' ').append(bench.path())
                .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        if (cookie != null) {
            head.append("Cookie: ").append(cookie).append("\r\n");
        }
        byte[] body = bench.body() == null ? new byte[0] : bench.body().getBytes(StandardCharsets.UTF_8);
        if (bench.body() != null) {
            head.append("Content-Type: ").append(bench.contentType()).append("\r\n");
        }
        if (bench.body() != null || !"GET".equals(bench.method())) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    @Override
    public void close() {
        connections.close();
    }

    /** How a request failed, for the error counts: {@code timeout} or {@code io}. */
    static String kind(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof HttpTimeoutException ? "timeout" : "io";
    }
}
