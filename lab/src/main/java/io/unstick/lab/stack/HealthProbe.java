package io.unstick.lab.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Asks {@code GET /health} until a process answers 200, it dies, or the deadline passes. */
public final class HealthProbe {

    private static final Duration POLL = Duration.ofMillis(200);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public boolean isHealthy(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @throws IllegalStateException naming the process, with the end of its log, if it does not come up */
    public void awaitHealthy(ManagedProcess process, Instant deadline) {
        while (!isHealthy(process.httpPort())) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited while starting; the end of "
                        + process.logFile() + ":\n" + process.logTail(25));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(process.name() + " did not answer /health on port " + process.httpPort()
                        + " in time; the end of " + process.logFile() + ":\n" + process.logTail(25));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + process.name(), e);
            }
        }
    }
}
