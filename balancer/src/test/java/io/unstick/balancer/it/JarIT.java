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
    void aBadSettingExitsWithOneLineNamingTheVariable() throws Exception {
        Process process = balancer("UNSTICK_ROUTING", "sideways").start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("invalid configuration: UNSTICK_ROUTING:").doesNotContain("\tat ");
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
