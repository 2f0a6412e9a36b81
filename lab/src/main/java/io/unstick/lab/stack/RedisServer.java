package io.unstick.lab.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The redis-server (Debian's package) that the Redis peer's nodes share, started with the stack and stopped after its
 * nodes: on 127.0.0.1 only, protected mode on, no snapshots and no append-only file, its working folder the run's
 * {@code redis/} (empty, as nothing is saved; a temporary one outlived a lab killed before its stop), its output in
 * the run's {@code redis.log}; stopped by its own pid (SIGTERM, then SIGKILL).
 */
public final class RedisServer {

    public static final String PROGRAM = "redis-server";
    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);
    private static final long GRACE_SECONDS = 10;

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Why the Redis peer cannot run here, if redis-server is not installed. */
    public static Optional<String> missing() {
        return Programs.find(PROGRAM).isPresent() ? Optional.empty()
                : Optional.of(PROGRAM + " is not installed (apt-get install redis-server)");
    }

    /** Starts it and waits until it answers {@code PING}; stops it again if it does not by the deadline. */
    static RedisServer start(int port, Path runDir, Instant deadline) {
        Path program = Programs.find(PROGRAM).orElseThrow(() -> new IllegalStateException(missing().orElseThrow()));
        Process process;
        try {
            Path workDir = Files.createDirectories(runDir.resolve("redis"));
            process = Children.start(new ProcessBuilder(List.of(program.toString(), "--bind", "127.0.0.1", "--port",
                    String.valueOf(port), "--protected-mode", "yes", "--save", "", "--appendonly", "no",
                    "--daemonize", "no", "--dir", workDir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("redis.log").toFile())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + PROGRAM + ": " + e.getMessage(), e);
        }
        RedisServer server = new RedisServer(process, port);
        try {
            server.awaitPong(deadline);
            return server;
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public Optional<Long> pid() {
        return process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** SIGTERM to its pid, SIGKILL if it has not exited within 10 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within {} s of SIGTERM; killing it", PROGRAM, GRACE_SECONDS);
                process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPong(Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(PROGRAM + " exited with " + process.exitValue()
                        + " before answering on 127.0.0.1:" + port + " (see redis.log)");
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + PROGRAM, e);
            }
        }
        throw new IllegalStateException(PROGRAM + " did not answer PING on 127.0.0.1:" + port + " in time");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false; // not listening yet
        }
    }
}
