package io.unstick.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose stack, checked without a Docker engine: {@code docker-compose config} must accept both files in
 * every mode, and the resolved configuration must keep the project's rules (one mode everywhere, TCP-IP
 * membership by service name, no multicast, no phone-home, only variables the code reads).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFilesTest {

    private static final List<String> MODES = List.of("sticky", "shared", "hybrid");
    private static final List<String> SHOPS = List.of("shop1", "shop2", "shop3");
    private static final String BALANCER = "balancer";
    private static final String PROMETHEUS = "prometheus";
    private static final String GRAFANA = "grafana";

    /** The ways to run the stack: the base file and its overlays. */
    enum Stack {
        EMBEDDED(List.of("docker-compose.yml"), List.of()),
        SEPARATE_CLUSTER(List.of("docker-compose.yml", "docker-compose.hazelcast.yml"), List.of("hz1", "hz2", "hz3")),
        TLS(List.of("docker-compose.yml", "docker-compose.tls.yml"), List.of()),
        OPS(List.of("docker-compose.yml", "docker-compose.ops.yml"), List.of(), List.of(PROMETHEUS, GRAFANA));

        final List<String> files;
        final List<String> hazelcastMembers;
        final List<String> others;

        Stack(List<String> files, List<String> hazelcastMembers) {
            this(files, hazelcastMembers, List.of());
        }

        Stack(List<String> files, List<String> hazelcastMembers, List<String> others) {
            this.files = files;
            this.hazelcastMembers = hazelcastMembers;
            this.others = others;
        }

        List<String> services() {
            List<String> all = new ArrayList<>(List.of(BALANCER));
            all.addAll(SHOPS);
            all.addAll(hazelcastMembers);
            all.addAll(others);
            return all;
        }
    }

    private final Path root = Path.of(System.getProperty("unstick.root", "..")).toAbsolutePath().normalize();
    private final Path composeDir = root.resolve("compose");
    private final ComposeCli cli = new ComposeCli(composeDir);
    private final Map<String, JsonNode> resolved = new HashMap<>();

    /** {@code docker-compose config} of a stack in a mode (null: UNSTICK_MODE unset); each run once per class. */
    private JsonNode services(Stack stack, String mode) {
        return resolved.computeIfAbsent(stack + "/" + mode, k -> cli.config(stack.files, mode)).path("services");
    }

    static Stream<Arguments> stacksAndModes() {
        return Arrays.stream(Stack.values()).flatMap(s -> MODES.stream().map(m -> Arguments.of(s, m)));
    }

    // ------------------------------------------------------------------------------------------ one switch

    @ParameterizedTest(name = "{0}, UNSTICK_MODE={1}")
    @MethodSource("stacksAndModes")
    void filesAreValidAndTheModeReachesTheBalancerAndEveryNode(Stack stack, String mode) {
        JsonNode services = services(stack, mode);

        assertThat(names(services)).containsExactlyInAnyOrderElementsOf(stack.services());
        for (String service : withBalancer(SHOPS)) {
            assertThat(env(services, service).get("UNSTICK_MODE"))
                    .as("UNSTICK_MODE of %s", service).isEqualTo(mode);
        }
    }

    @ParameterizedTest
    @EnumSource(Stack.class)
    void withoutUnstickModeEveryProcessRunsShared(Stack stack) {
        JsonNode services = services(stack, null);

        for (String service : withBalancer(SHOPS)) {
            assertThat(env(services, service).get("UNSTICK_MODE"))
                    .as("UNSTICK_MODE of %s when the variable is unset", service).isEqualTo("shared");
        }
    }

    // ------------------------------------------------------------------------------------------ wiring

    @ParameterizedTest
    @EnumSource(Stack.class)
    void theBalancerKnowsEveryNodeByItsNodeNameServiceAndPort(Stack stack) {
        JsonNode services = services(stack, "hybrid");
        Map<String, String> backends = new TreeMap<>();
        for (String entry : env(services, BALANCER).get("UNSTICK_BACKENDS").split(",")) {
            String[] nameAndUrl = entry.split("=", 2);
            backends.put(nameAndUrl[0].trim(), nameAndUrl[1].trim());
        }

        Map<String, String> expected = new TreeMap<>();
        for (String shop : SHOPS) {
            Map<String, String> env = env(services, shop);
            assertThat(env.get("UNSTICK_NODE_NAME")).as("node name of %s (its jvmRoute and backend name)", shop)
                    .isEqualTo(shop);
            expected.put(env.get("UNSTICK_NODE_NAME"), "http://" + shop + ":" + env.get("UNSTICK_PORT"));
        }
        assertThat(backends).as("UNSTICK_BACKENDS").isEqualTo(expected);
    }

    @Test
    void embeddedMembersJoinByTcpIpOnTheServiceNames() {
        JsonNode services = services(Stack.EMBEDDED, "shared");
        String expectedMembers = SHOPS.stream()
                .map(shop -> shop + ":" + env(services, shop).get("UNSTICK_HAZELCAST_PORT"))
                .collect(Collectors.joining(","));

        assertThat(expectedMembers).isEqualTo("shop1:5701,shop2:5701,shop3:5701");
        for (String shop : SHOPS) {
            Map<String, String> env = env(services, shop);
            assertThat(env.get("UNSTICK_HAZELCAST_TOPOLOGY")).as("topology of %s", shop).isEqualTo("embedded");
            assertThat(env.get("UNSTICK_HAZELCAST_MEMBERS")).as("members of %s", shop).isEqualTo(expectedMembers);
        }
    }

    @ParameterizedTest
    @EnumSource(Stack.class)
    void everyNodeGetsTheSameStoreSecretSinceTheMembersAreNotOnLoopback(Stack stack) {
        JsonNode services = services(stack, "shared");
        Set<String> secrets = new HashSet<>();
        for (String shop : SHOPS) {
            secrets.add(env(services, shop).get("UNSTICK_STORE_SECRET"));
        }

        assertThat(secrets).as("UNSTICK_STORE_SECRET of the nodes").hasSize(1);
        assertThat(secrets.iterator().next()).as("the session store wants >= 32 characters")
                .hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void withTheOverlayTheNodesAreClientsOfAThreeMemberTcpIpCluster() {
        JsonNode services = services(Stack.SEPARATE_CLUSTER, "shared");
        List<String> members = Stack.SEPARATE_CLUSTER.hazelcastMembers;
        String memberList = members.stream().map(m -> m + ":5701").collect(Collectors.joining(","));

        for (String member : members) {
            Map<String, String> env = env(services, member);
            assertThat(env.get("HZ_NETWORK_JOIN_TCPIP_ENABLED")).as("TCP-IP join of %s", member).isEqualTo("true");
            assertThat(env.get("HZ_NETWORK_JOIN_TCPIP_MEMBERS")).as("TCP-IP members of %s", member)
                    .isEqualTo(memberList);
            assertThat(env.get("HZ_CLUSTERNAME")).as("cluster name of %s (the session manager's default)", member)
                    .isEqualTo("unstick");
        }
        for (String shop : SHOPS) {
            Map<String, String> env = env(services, shop);
            assertThat(env.get("UNSTICK_HAZELCAST_TOPOLOGY")).as("topology of %s", shop).isEqualTo("client");
            assertThat(env.get("UNSTICK_HAZELCAST_MEMBERS")).as("cluster addresses of %s", shop).isEqualTo(memberList);
            assertThat(healthyDependencies(services, shop)).as("%s waits for the healthy cluster", shop)
                    .containsExactlyInAnyOrderElementsOf(members);
        }
    }

    @ParameterizedTest
    @EnumSource(Stack.class)
    void everyServiceHasAHealthCheckARestartPolicyAndAMemoryLimit(Stack stack) {
        JsonNode services = services(stack, "shared");

        for (String service : stack.services()) {
            JsonNode s = services.path(service);
            assertThat(s.path("healthcheck").path("test").size()).as("health check of %s", service).isPositive();
            assertThat(s.path("restart").asText()).as("restart policy of %s", service)
                    .isIn("always", "unless-stopped", "on-failure");
            assertThat(s.path("mem_limit").asText()).as("memory limit of %s", service).isNotEmpty();
        }
        for (String shop : SHOPS) {
            assertThat(String.join(" ", texts(services.path(shop).path("healthcheck").path("test"))))
                    .as("health check of %s probes its own port", shop)
                    .contains("/health").contains(":" + env(services, shop).get("UNSTICK_PORT") + "/");
        }
        assertThat(healthyDependencies(services, BALANCER)).as("the balancer waits for healthy nodes")
                .containsAll(SHOPS);
    }

    @Test
    void theShopAndTheAdminApiArePublishedAndTheAdminListenerHasAToken() {
        JsonNode services = services(Stack.EMBEDDED, "sticky");
        Map<String, String> env = env(services, BALANCER);
        Map<String, String> published = new TreeMap<>();
        for (String port : texts(services.path(BALANCER).path("ports"))) {
            // docker-compose v1 prints "[ip:]host:container[/protocol]"
            String[] parts = port.replaceAll("/.*$", "").split(":");
            published.put(parts[parts.length - 2], parts[parts.length - 1]);
        }

        assertThat(published).as("published host port -> balancer port")
                .containsEntry("8080", env.get("UNSTICK_PORT"))
                .containsEntry("9090", env.get("UNSTICK_ADMIN_PORT"));
        // Without a token the balancer binds its admin listener to 127.0.0.1 inside the container: unreachable.
        assertThat(env.get("UNSTICK_ADMIN_TOKEN")).as("UNSTICK_ADMIN_TOKEN (the balancer wants >= 16 characters)")
                .hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void withTheTlsOverlayTheBalancerServesHttpsFromAReadOnlyMountOnLoopback() {
        JsonNode balancer = services(Stack.TLS, "shared").path(BALANCER);
        Map<String, String> env = env(services(Stack.TLS, "shared"), BALANCER);
        assertThat(env).containsEntry("UNSTICK_TLS_CERT", "/etc/unstick/tls/cert.pem")
                .containsEntry("UNSTICK_TLS_KEY", "/etc/unstick/tls/key.pem").containsEntry("UNSTICK_TLS_PORT", "8443");
        assertThat(texts(balancer.path("volumes"))).anySatisfy(v -> assertThat(v).endsWith("/compose/tls:/etc/unstick/tls:ro"));
        assertThat(texts(balancer.path("ports"))).anySatisfy(p -> assertThat(p).startsWith("127.0.0.1:8443:8443"));
        assertThat(env(services(Stack.EMBEDDED, "shared"), BALANCER)).as("without the overlay: plain HTTP only")
                .doesNotContainKey("UNSTICK_TLS_CERT");
    }

    @Test
    void withTheOpsOverlayPrometheusScrapesTheBalancerAndEveryNodesManagementPortWhichStaysUnpublished() throws IOException {
        JsonNode services = services(Stack.OPS, "shared");
        JsonNode scrape = new YAMLMapper().readTree(root.resolve("ops/prometheus/prometheus.yml").toFile());
        Map<String, List<String>> targets = new TreeMap<>();
        for (JsonNode job : scrape.path("scrape_configs")) {
            targets.put(job.path("job_name").asText(), texts(job.path("static_configs").path(0).path("targets")));
        }

        Map<String, String> balancer = env(services, BALANCER);
        assertThat(targets).containsEntry("unstick-balancer", List.of(BALANCER + ":" + balancer.get("UNSTICK_ADMIN_PORT")))
                .containsEntry("unstick-nodes", SHOPS.stream().map(shop -> shop + ":" + env(services, shop)
                        .get("UNSTICK_MANAGEMENT_PORT")).toList());
        for (String shop : SHOPS) {
            assertThat(env(services, shop).get("UNSTICK_MANAGEMENT_BIND_ADDRESS")).as("%s with the overlay", shop)
                    .isEqualTo("0.0.0.0");
            assertThat(env(services(Stack.EMBEDDED, "shared"), shop).get("UNSTICK_MANAGEMENT_BIND_ADDRESS"))
                    .as("%s without it", shop).isEqualTo("127.0.0.1");
            assertThat(texts(services.path(shop).path("ports"))).as("%s publishes nothing", shop).isEmpty();
        }
        // the bearer token Prometheus sends is the balancer's, written where the scrape config reads it
        String credentials = scrape.path("scrape_configs").path(0).path("authorization").path("credentials_file").asText();
        assertThat(String.join(" ", texts(services.path(PROMETHEUS).path("command")))).contains("> " + credentials);
        assertThat(env(services, PROMETHEUS).get("UNSTICK_ADMIN_TOKEN")).isEqualTo(balancer.get("UNSTICK_ADMIN_TOKEN"));
        assertThat(texts(scrape.path("rule_files"))).containsExactly("alerts.yml");
        assertThat(root.resolve("ops/prometheus/alerts.yml")).isRegularFile();
        for (String service : List.of(PROMETHEUS, GRAFANA)) {
            JsonNode s = services.path(service);
            assertThat(s.path("image").asText()).as("image of %s: pinned", service).matches("[a-z/-]+:v?\\d+\\.\\d+\\.\\d+");
            assertThat(texts(s.path("ports"))).as("ports of %s", service).allMatch(p -> p.startsWith("127.0.0.1:"));
            assertThat(texts(s.path("volumes"))).as("mounts of %s", service).allMatch(v -> v.endsWith(":ro"))
                    .allMatch(v -> v.contains("/ops/"));
        }
        JsonNode datasource = new YAMLMapper().readTree(
                root.resolve("ops/grafana/provisioning/datasources/prometheus.yml").toFile()).path("datasources").path(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://" + PROMETHEUS + ":9090");
    }

    // ------------------------------------------------------------------------------------------ variables

    @Test
    void everyUnstickVariableTheFilesSetIsOneTheCodeReads() {
        Set<String> read = CodeVariables.readIn(root);
        assertThat(read).as("variables found in %s (is the scan looking in the right place?)",
                CodeVariables.READER_MODULES).contains("UNSTICK_MODE", "UNSTICK_BACKENDS", "UNSTICK_NODE_NAME");

        Map<String, Set<String>> setBy = new TreeMap<>();
        for (Stack stack : Stack.values()) {
            JsonNode services = services(stack, "shared");
            for (String service : stack.services()) {
                env(services, service).keySet().stream().filter(name -> name.startsWith("UNSTICK_"))
                        .forEach(name -> setBy.computeIfAbsent(name, n -> new TreeSet<>()).add(service));
            }
        }
        Map<String, Set<String>> unknown = new TreeMap<>(setBy);
        unknown.keySet().removeAll(read);

        assertThat(setBy).as("UNSTICK_* variables set by the compose files").isNotEmpty();
        assertThat(unknown)
                .withFailMessage(() -> "The compose files set variables that no main source of "
                        + CodeVariables.READER_MODULES + " reads (a typo, or a variable the code no longer has): "
                        + unknown.entrySet().stream().map(e -> e.getKey() + " (set for " + e.getValue() + ")")
                        .collect(Collectors.joining(", ")))
                .isEmpty();
    }

    // ------------------------------------------------------------------------------------------ Hazelcast rules

    @Test
    void multicastIsNeverEnabledAnywhere() throws IOException {
        Pattern allowed = Pattern.compile("^\\s*HZ_NETWORK_JOIN_MULTICAST_ENABLED:\\s*\"false\"\\s*$");
        for (String file : List.of("docker-compose.yml", "docker-compose.hazelcast.yml", "docker-compose.tls.yml", "docker-compose.ops.yml", "Dockerfile")) {
            List<String> lines = Files.readAllLines(composeDir.resolve(file));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.strip().startsWith("#") && line.toLowerCase(Locale.ROOT).contains("multicast")) {
                    assertThat(line).as("%s line %d mentions multicast; only switching it off is allowed", file, i + 1)
                            .matches(allowed);
                }
            }
        }
        for (Stack stack : Stack.values()) {
            JsonNode services = services(stack, "shared");
            for (String service : stack.services()) {
                env(services, service).forEach((name, value) -> {
                    if (name.toUpperCase(Locale.ROOT).contains("MULTICAST")) {
                        assertThat(value).as("%s of %s", name, service).isEqualTo("false");
                    }
                });
                assertThat(services.path(service).path("network_mode").asText())
                        .as("network mode of %s (host networking would expose members to the LAN)", service)
                        .isNotEqualTo("host");
            }
            for (String member : stack.hazelcastMembers) {
                Map<String, String> env = env(services, member);
                assertThat(env).as("join settings of %s: multicast and auto-detection explicitly off", member)
                        .containsEntry("HZ_NETWORK_JOIN_MULTICAST_ENABLED", "false")
                        .containsEntry("HZ_NETWORK_JOIN_AUTODETECTION_ENABLED", "false");
            }
        }
    }

    @Test
    void phoneHomeIsOffForEveryHazelcastProcess() {
        JsonNode services = services(Stack.SEPARATE_CLUSTER, "shared");
        for (String member : Stack.SEPARATE_CLUSTER.hazelcastMembers) {
            Map<String, String> env = env(services, member);
            assertThat(env.get("HZ_PHONE_HOME_ENABLED")).as("HZ_PHONE_HOME_ENABLED of %s", member).isEqualTo("false");
            assertThat(env.get("JAVA_OPTS")).as("JAVA_OPTS of %s", member)
                    .contains("-Dhazelcast.phone.home.enabled=false");
        }
        for (Stack stack : Stack.values()) {
            for (String shop : SHOPS) {
                assertThat(env(services(stack, "shared"), shop).get("JAVA_TOOL_OPTIONS"))
                        .as("JAVA_TOOL_OPTIONS of %s in %s", shop, stack)
                        .contains("-Dhazelcast.phone.home.enabled=false")
                        .contains("-XX:MaxRAMPercentage=");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ image

    @Test
    void theDockerfileHasEveryTargetTheFilesBuildAndMatchesThePom() throws IOException {
        Map<String, List<String>> stages = stages(Files.readAllLines(composeDir.resolve("Dockerfile")));

        Set<String> targets = new TreeSet<>();
        for (Stack stack : Stack.values()) {
            JsonNode services = services(stack, "shared");
            for (String service : stack.services()) {
                if (stack.others.contains(service)) {
                    continue; // a published image, pinned (see the ops overlay's test)
                }
                JsonNode build = services.path(service).path("build");
                assertThat(build.path("dockerfile").asText()).as("Dockerfile of %s", service)
                        .isEqualTo("compose/Dockerfile");
                assertThat(Path.of(build.path("context").asText())).as("build context of %s", service)
                        .isEqualTo(root);
                targets.add(build.path("target").asText());
            }
        }
        assertThat(stages.keySet()).as("stages of compose/Dockerfile").containsAll(targets);

        // The runtime stage (both jars) runs as an unprivileged user; shop and balancer are built on it.
        assertThat(stages.get("runtime")).as("runtime stage").anySatisfy(line ->
                assertThat(line).matches("USER\\s+(?!root\\b)(?!0\\b)\\S+"));
        assertThat(stages.get("shop").get(0)).startsWith("FROM runtime");
        assertThat(stages.get("balancer").get(0)).startsWith("FROM runtime");

        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher pomVersion = Pattern.compile("<hazelcast\\.version>([^<]+)</hazelcast\\.version>").matcher(pom);
        assertThat(pomVersion.find()).as("hazelcast.version in the root pom").isTrue();
        String dockerfile = Files.readString(composeDir.resolve("Dockerfile"));
        assertThat(dockerfile).as("the separate cluster's image version equals the root pom's hazelcast.version")
                .contains("ARG HAZELCAST_VERSION=" + pomVersion.group(1) + "\n")
                .contains("FROM hazelcast/hazelcast:${HAZELCAST_VERSION} AS hazelcast");
    }

    @Test
    void theBuildContextLeavesBuildOutputAndGitOut() throws IOException {
        List<String> ignored = Files.readAllLines(root.resolve(".dockerignore")).stream().map(String::strip).toList();

        assertThat(ignored).as(".dockerignore").contains(".git", "**/target/", "runs/");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static List<String> withBalancer(List<String> shops) {
        List<String> all = new ArrayList<>(shops);
        all.add(BALANCER);
        return all;
    }

    private static List<String> names(JsonNode services) {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** A service's resolved environment; a variable declared without a value maps to "". */
    private static Map<String, String> env(JsonNode services, String service) {
        JsonNode environment = services.path(service).path("environment");
        assertThat(environment.isObject()).as("environment of %s", service).isTrue();
        Map<String, String> env = new LinkedHashMap<>();
        environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return env;
    }

    /** The services {@code service} waits for with {@code condition: service_healthy}. */
    private static List<String> healthyDependencies(JsonNode services, String service) {
        List<String> healthy = new ArrayList<>();
        services.path(service).path("depends_on").fields().forEachRemaining(e -> {
            if ("service_healthy".equals(e.getValue().path("condition").asText())) {
                healthy.add(e.getKey());
            }
        });
        return healthy;
    }

    /** Dockerfile stages by name ({@code FROM ... AS name}), each with its instruction lines, FROM first. */
    private static Map<String, List<String>> stages(List<String> lines) {
        Pattern from = Pattern.compile("FROM\\s+\\S+\\s+AS\\s+(\\S+)\\s*", Pattern.CASE_INSENSITIVE);
        Map<String, List<String>> stages = new LinkedHashMap<>();
        List<String> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = from.matcher(line);
            if (m.matches()) {
                current = new ArrayList<>();
                stages.put(m.group(1), current);
            }
            if (current != null) {
                current.add(line);
            }
        }
        return stages;
    }
}
