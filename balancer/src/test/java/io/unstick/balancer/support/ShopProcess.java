package io.unstick.balancer.support;

import io.unstick.testsupport.FreePorts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real shop ({@code sample-app/target/unstick-shop.jar}, built before this module) as a separate process on
 * loopback, sticky mode (no Hazelcast): what the balancer forwards to in production. Its output goes to a file the
 * test can read; {@link #close()} stops the process this object started, by its handle.
 */
public final class ShopProcess implements AutoCloseable {

    private static final File JAR = new File("../sample-app/target/unstick-shop.jar");

    private final Process process;
    private final Path output;
    private final int port;
    private final String name;

    private ShopProcess(Process process, Path output, int port, String name) {
        this.process = process;
        this.output = output;
        this.port = port;
        this.name = name;
    }

    public static ShopProcess start(String name) {
        if (!JAR.isFile()) {
            throw new IllegalStateException(JAR.getAbsolutePath() + " is missing: build through the reactor (-am)");
        }
        try {
            int port = FreePorts.next();
            Path output = Files.createTempFile("unstick-shop-" + name, ".log");
            // the test JVM's temporary folder (target/): a shop killed by a test cannot delete its Tomcat work folder
            ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx128m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-jar", JAR.getPath());
            pb.environment().keySet().removeIf(k -> k.startsWith("UNSTICK_"));
            pb.environment().put("UNSTICK_MODE", "sticky");
            pb.environment().put("UNSTICK_NODE_NAME", name);
            pb.environment().put("UNSTICK_BIND_ADDRESS", "127.0.0.1");
            pb.environment().put("UNSTICK_PORT", Integer.toString(port));
            pb.environment().put("UNSTICK_MANAGEMENT_PORT", "0");
            pb.redirectErrorStream(true).redirectOutput(output.toFile());
            ShopProcess shop = new ShopProcess(pb.start(), output, port, name);
            Http.await("shop " + name + " ready", Duration.ofSeconds(90), shop::ready);
            return shop;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("shop " + name + " exited: " + output());
        }
        try {
            return Http.get(url() + "/health/ready").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code name=url}, as in UNSTICK_BACKENDS. */
    public String spec() {
        return name + "=" + url();
    }

    /** Everything the shop printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // a temp file; the OS cleans it up
        }
    }
}
