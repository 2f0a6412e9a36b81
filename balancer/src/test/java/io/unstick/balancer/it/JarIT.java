package io.unstick.balancer.it;

import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.TestBackend;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar as users run it: {@code java -jar balancer/target/unstick-balancer.jar} with UNSTICK_* set. */
class JarIT {

    private static final File JAR = new File("target/unstick-balancer.jar");
    private static final Pattern STARTED = Pattern.compile("started in (\\d+) ms: proxy on /127.0.0.1:(\\d+)");

    private static ProcessBuilder balancer(String... env) {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.getPath());
        pb.environment().keySet().removeIf(k -> k.startsWith("UNSTICK_"));
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        return pb.redirectErrorStream(true);
    }

    @Test
    void startsQuicklyAndProxies() throws Exception {
        assertThat(JAR).exists();
        try (TestBackend backend = TestBackend.start("node1")) {
            long launched = System.nanoTime();
            Process process = balancer("UNSTICK_BACKENDS", backend.spec(), "UNSTICK_PORT", "0", "UNSTICK_ADMIN_PORT", "0",
                    "UNSTICK_BIND_ADDRESS", "127.0.0.1", "UNSTICK_MODE", "sticky").start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Matcher started = null;
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        started = m;
                        assertThat(line).contains("routing=cookie").contains("cookieSecret=<random per start>");
                        break;
                    }
                }
                assertThat(started).as("startup line").isNotNull();
                long untilListening = (System.nanoTime() - launched) / 1_000_000;
                System.out.printf("jar: balancer reported start in %s ms; process launch to listening %d ms%n",
                        started.group(1), untilListening);
                var response = Http.get("http://127.0.0.1:" + started.group(2) + "/");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Http.node(response)).isEqualTo("node1");
                assertThat(response.headers().firstValue("Set-Cookie")).get().asString().startsWith("UNSTICK_ROUTE=");
            } finally {
                process.destroy();
                assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            }
        }
    }

    @Test
    void hostileInputLeavesOneLineEachAndNoStackTrace() throws Exception {
        try (TestBackend backend = TestBackend.start("node1")) {
            java.nio.file.Path out = java.nio.file.Files.createTempFile("unstick-balancer", ".log");
            Process process = balancer("UNSTICK_BACKENDS", backend.spec(), "UNSTICK_PORT", "0", "UNSTICK_ADMIN_PORT", "0",
                    "UNSTICK_BIND_ADDRESS", "127.0.0.1", "UNSTICK_REQUEST_BODY_TIMEOUT", "1s")
                    .redirectOutput(out.toFile()).start();
            try {
                Matcher started = STARTED.matcher("");
                for (long end = System.nanoTime() + 30_000_000_000L; !started.find() && System.nanoTime() < end; ) {
                    Thread.sleep(50); // polling the process's log file for its start line
                    started = STARTED.matcher(java.nio.file.Files.readString(out));
                }
                int port = Integer.parseInt(started.group(2));
                for (String request : new String[]{
                        "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                        "POST / HTTP/1.1\r\nHost: x\r\nExpect: 999-weird\r\nContent-Length: 3\r\n\r\nabc",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nslow"}) {
                    assertThat(io.unstick.balancer.support.RawHttp.status(io.unstick.balancer.support.RawHttp.send(port, request)))
                            .as(request).isBetween(400, 505);
                }
            } finally {
                process.destroy();
                assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            String output = java.nio.file.Files.readString(out);
            java.nio.file.Files.deleteIfExists(out);
            assertThat(output).contains("refused GET / from 127.0.0.1 with 505").contains("(expectation)")
                    .doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void aBadSettingExitsWithOneLineNamingTheVariable() throws Exception {
        Process process = balancer("UNSTICK_ROUTING", "sideways").start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("invalid configuration: UNSTICK_ROUTING:").doesNotContain("\tat ");
    }

    @Test
    void anUnreadableTlsKeyExitsWithOneLineNamingTheVariable() throws Exception {
        Process process = balancer("UNSTICK_TLS_CERT", "/nonexistent/cert.pem", "UNSTICK_TLS_KEY", "/nonexistent/key.pem",
                "UNSTICK_PORT", "0", "UNSTICK_ADMIN_PORT", "0").start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("invalid configuration: UNSTICK_TLS_CERT: cannot read /nonexistent/cert.pem")
                .doesNotContain("\tat ");
    }

    @Test
    void aTakenPortFailsClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process process = balancer("UNSTICK_PORT", String.valueOf(taken.getLocalPort()), "UNSTICK_BIND_ADDRESS", "127.0.0.1",
                    "UNSTICK_ADMIN_PORT", "0").start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(output).contains("cannot start");
        }
    }
}
