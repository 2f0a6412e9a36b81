package io.unstick.shop;

import io.unstick.testsupport.FreePorts;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.PeerTools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's) for one test class: 127.0.0.1 on a free port, protected mode, no snapshot or
 * append-only file, its working folder a temporary one; stopped by its own pid.
 */
final class RedisServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static RedisServerProcess start() throws IOException, InterruptedException {
        Path redis = PeerTools.path(PeerTool.REDIS_SERVER);
        Path dir = Files.createTempDirectory("unstick-redis-");
        int port = FreePorts.next();
        Process process = new ProcessBuilder(List.of(redis.toString(), "--bind", "127.0.0.1", "--port",
                String.valueOf(port), "--protected-mode", "yes", "--save", "", "--appendonly", "no", "--dir",
                dir.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServerProcess server = new RedisServerProcess(process, port, dir);
        try {
            server.awaitPong(Duration.ofSeconds(20));
            return server;
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    private void awaitPong(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] answer = in.readNBytes(7);
                if (new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100); // not listening yet
            }
        }
        throw new IllegalStateException("redis-server did not answer PING on 127.0.0.1:" + port + " within " + timeout);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
