package io.unstick.lab;

import io.unstick.lab.stack.Ports;
import io.unstick.lab.support.Shopper;
import io.unstick.lab.support.UpProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives {@code ./unstick up} as a user would, in each mode: shoppers fill carts through the balancer, one node
 * is killed with SIGKILL through {@code ./unstick kill}, and the carts tell what the mode did with them.
 * Then Ctrl-C (SIGINT) must leave no process and no port behind.
 */
class UpCommandIT {

    private static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();
    private static final int NODES = 3;
    private static final int SHOPPERS = 12;
    private static final String VICTIM = "node2";
    private static final String[] PRODUCTS = {"mug", "scale", "tamper", "green-tea", "moka-pot", "aeropress"};

    @TempDir
    Path runs;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sticky", "shared", "hybrid"})
    void killingANodeShowsWhatTheModeDoesWithItsCarts(String mode) throws Exception {
        assertThat(HOME.resolve("lab/target/unstick-lab.jar")).as("run the ITs through Maven: the jars are built first").exists();
        try (UpProcess up = UpProcess.start(HOME, runs, mode, NODES)) {
            up.awaitReady(Duration.ofMinutes(3));
            assertThat(up.output()).contains("unstick is up in " + mode + " mode with 3 node(s)");

            List<Shopper> shoppers = new ArrayList<>();
            for (int i = 0; i < SHOPPERS; i++) {
                Shopper shopper = new Shopper(up.port);
                shopper.add(PRODUCTS[i % PRODUCTS.length], 1 + i % 3);
                shopper.add(PRODUCTS[(i + 1) % PRODUCTS.length], 1);
                assertThat(shopper.cart()).isEqualTo(shopper.expected());
                shoppers.add(shopper);
            }
            List<Shopper> onVictim = shoppers.stream().filter(s -> VICTIM.equals(s.lastNode())).toList();
            List<Long> pids = pidsIn(up.run("status").output());
            assertThat(pids).hasSize(NODES + 1);

            UpProcess.CommandResult kill = up.run("kill", VICTIM);
            assertThat(kill.exitCode()).as(kill.output()).isZero();
            assertThat(kill.output()).containsPattern(VICTIM + "\\s+DOWN");
            awaitBalancerSees(up.adminPort, VICTIM, "DOWN");

            List<Shopper> lost = new ArrayList<>();
            for (Shopper shopper : shoppers) {
                Map<String, Integer> cart = shopper.cart(); // asserts 200: no failed request once the balancer knows
                assertThat(shopper.lastNode()).isNotEqualTo(VICTIM);
                if (cart.equals(shopper.expected())) {
                    continue;
                }
                assertThat(mode).as("only sticky mode may lose a cart, but %s lost %s", mode, shopper.expected()).isEqualTo("sticky");
                assertThat(cart).as("a lost cart starts over empty").isEmpty();
                lost.add(shopper);
            }
            if (mode.equals("sticky")) {
                assertThat(onVictim).as("affinity put some shoppers on %s", VICTIM).isNotEmpty();
                assertThat(lost).as("sticky and in-memory: exactly the killed node's carts are gone")
                        .containsExactlyInAnyOrderElementsOf(onVictim);
            } else {
                assertThat(lost).isEmpty();
            }

            assertThat(up.interruptAndWait(Duration.ofMinutes(1))).as("up stops on SIGINT:\n" + up.output()).isTrue();
            assertThat(up.output()).contains("stopped.");
            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse();
            }
            for (int port = up.port; port < up.port + 2 + NODES; port++) {
                assertThat(Ports.isFree(port)).as("port %d is free again", port).isTrue();
            }
            assertThat(Files.exists(runs.resolve("current.json"))).isFalse();
            assertThat(children(onlyChild(runs).resolve("tmp")))
                    .as("the nodes' temporary files stay in the run's folder: the stopped nodes deleted their"
                            + " Tomcat work folders, the killed one could not")
                    .singleElement().asString().startsWith("unstick-shop-");
        }
    }

    private static Path onlyChild(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> folders = children.filter(Files::isDirectory).toList();
            assertThat(folders).as("one run's folder in %s", dir).hasSize(1);
            return folders.get(0);
        }
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.getFileName().toString()).toList();
        }
    }

    private static void awaitBalancerSees(int adminPort, String node, String state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            String current = given().baseUri("http://127.0.0.1:" + adminPort).get("/admin/nodes")
                    .then().statusCode(200).extract().path("find { it.name == '" + node + "' }.state");
            if (state.equals(current)) {
                return;
            }
            assertThat(Instant.now()).as("the balancer marks %s %s (now %s)", node, state, current).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static List<Long> pidsIn(String status) {
        List<Long> pids = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?m)^(?:balancer|node\\d)\\s+\\S+\\s+\\d+\\s+(\\d+)$").matcher(status);
        while (matcher.find()) {
            pids.add(Long.parseLong(matcher.group(1)));
        }
        return pids;
    }
}
