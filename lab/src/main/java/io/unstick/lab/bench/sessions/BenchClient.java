package io.unstick.lab.bench.sessions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends a shopper's request to the shop with the shopper's cookies, reads the whole answer as a browser would (and
 * does not follow redirects: the 303 of a form post is the answer), and keeps the cookies it gets back.
 */
final class BenchClient {

    private final URI shop;
    private final HttpClient http;
    private final Duration timeout;

    BenchClient(URI shop, HttpClient http, Duration timeout) {
        this.shop = shop;
        this.http = http;
        this.timeout = timeout;
    }

    CompletableFuture<HttpResponse<Void>> send(BenchShopper shopper, BenchRequest bench) {
        HttpRequest.Builder request = HttpRequest.newBuilder(shop.resolve(bench.path())).timeout(timeout);
        String cookie = shopper.cookieHeader();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (bench.body() == null) {
            request.method(bench.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", bench.contentType())
                    .method(bench.method(), HttpRequest.BodyPublishers.ofString(bench.body()));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> {
                    shopper.remember(response.headers());
                    return response;
                });
    }

    /** How a request failed, for the error counts: {@code timeout} or {@code io}. */
    static String kind(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof HttpTimeoutException ? "timeout" : "io";
    }
}
