package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The operator's path: standalone Tomcat distributions from Maven Central (unpacked by the build), the session
 * store's -all jar in {@code lib/}, one {@code <Manager>} line in {@code conf/context.xml}, the shop WAR deployed
 * on two instances. A cart filled on one instance is read on the other.
 */
class StandaloneTomcatIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** Two CATALINA_BASEs with the store's jar and the shop's WAR, unpacked (36 MB each); kept if the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    static Stream<String> tomcatVersions() {
        return Arrays.stream(System.getProperty("unstick.tomcat.versions").split(","));
    }

    @ParameterizedTest(name = "Tomcat {0}")
    @MethodSource("tomcatVersions")
    void twoInstancesShareSessions(String version) throws Exception {
        Path home = Path.of(System.getProperty("unstick.tomcat.dists"), "apache-tomcat-" + version);
        int member1 = FreePorts.next();
        int member2 = FreePorts.next();
        String members = "127.0.0.1:" + member1 + ",127.0.0.1:" + member2;
        List<Instance> instances = new ArrayList<>();
        try {
            instances.add(Instance.start(home, work.resolve("node1"), "node1", FreePorts.next(), member1, members));
            instances.add(Instance.start(home, work.resolve("node2"), "node2", FreePorts.next(), member2, members));
            for (Instance instance : instances) {
                instance.awaitHealthy();
            }
            CookieFilter jar = new CookieFilter();

            shopper(instances.get(0), jar).body(Map.of("productId", "mug", "quantity", 3)).post("/api/cart/items")
                    .then().statusCode(200);

            shopper(instances.get(1), jar).get("/api/cart").then()
                    .statusCode(200)
                    .header("X-Unstick-Node", "node2")
                    .body("items", hasSize(1))
                    .body("items[0].productId", equalTo("mug"))
                    .body("items[0].quantity", equalTo(3));
        } finally {
            for (Instance instance : instances) {
                instance.stop();
            }
        }
    }

    private static RequestSpecification shopper(Instance instance, CookieFilter jar) {
        return given().baseUri("http://127.0.0.1:" + instance.httpPort).filter(jar).contentType(ContentType.JSON);
    }

    /** One CATALINA_BASE on a shared CATALINA_HOME, run as a child process. */
    private static final class Instance {

        private final Process process;
        private final int httpPort;
        private final Path log;

        private Instance(Process process, int httpPort, Path log) {
            this.process = process;
            this.httpPort = httpPort;
            this.log = log;
        }

        static Instance start(Path home, Path base, String node, int httpPort, int memberPort, String members)
                throws IOException {
            for (String dir : List.of("conf", "lib", "logs", "temp", "webapps", "work")) {
                Files.createDirectories(base.resolve(dir));
            }
            try (Stream<Path> defaults = Files.list(home.resolve("conf"))) {
                for (Path file : defaults.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
                }
            }
            Files.writeString(base.resolve("conf/server.xml"), """
                    <Server port="-1" shutdown="SHUTDOWN">
                      <Service name="Catalina">
                        <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1"/>
                        <Engine name="Catalina" defaultHost="localhost" jvmRoute="%s">
                          <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                        </Engine>
                      </Service>
                    </Server>
                    """.formatted(httpPort, node));
            // The one line an operator adds to conf/context.xml.
            Files.writeString(base.resolve("conf/context.xml"), """
                    <Context>
                      <WatchedResource>WEB-INF/web.xml</WatchedResource>
                      <Manager className="io.unstick.session.HazelcastSessionManager"
                               clusterName="standalone-it" members="%s" memberPort="%d"/>
                    </Context>
                    """.formatted(members, memberPort));
            Files.copy(Path.of(System.getProperty("unstick.session-store.jar")),
                    base.resolve("lib/unstick-session-store-all.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of(System.getProperty("unstick.shop.war")), base.resolve("webapps/ROOT.war"));

            Path log = base.resolve("logs/console.log");
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dcatalina.home=" + home, "-Dcatalina.base=" + base,
                    "-Djava.io.tmpdir=" + base.resolve("temp"),
                    "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                    "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                    "-Dhazelcast.partition.count=7",
                    "-cp", home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator
                            + home.resolve("bin/tomcat-juli.jar"),
                    "org.apache.catalina.startup.Bootstrap", "start")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("UNSTICK_NODE_NAME", node);
            return new Instance(builder.start(), httpPort, log);
        }

        void awaitHealthy() throws IOException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("Tomcat exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                try {
                    if (given().baseUri("http://127.0.0.1:" + httpPort).get("/health").statusCode() == 200) {
                        return;
                    }
                } catch (Exception notYetListening) { // REST Assured rethrows ConnectException unchecked
                    // connection refused until the connector starts: poll again
                }
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
            throw new AssertionError("Tomcat on port " + httpPort + " not healthy within " + START_TIMEOUT + ":\n"
                    + Files.readString(log));
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
