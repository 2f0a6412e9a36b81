package io.unstick.lab.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.unstick.lab.stack.Artifacts;
import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.Mode;
import io.unstick.lab.stack.StackSpec;
import io.unstick.testsupport.FreePorts;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's kit of ops/ (issue 15 item 6) against the real thing: every metric the Grafana dashboard and the
 * Prometheus alert rules read, and every label they select or aggregate on, exists in the live {@code /metrics} of
 * a balancer and of a shop node (on its management port), in a shared-mode stack of real processes on loopback; and
 * promtool accepts the rules and passes their unit tests.
 */
class OpsKitIT {

    private static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();
    private static final Path OPS = HOME.resolve("ops");
    private static final Path DASHBOARD = OPS.resolve("grafana/dashboards/unstick.json");
    private static final Path RULES = OPS.resolve("prometheus/alerts.yml");
    /** Made by Prometheus itself for every target, never in an exposition. */
    private static final Set<String> SYNTHETIC = Set.of("up");
    /** Added by Prometheus to every sample it scrapes (the target's), never in an exposition. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final Pattern EXPOSED_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    @TempDir
    Path work;

    @Test
    void everyMetricTheDashboardAndTheAlertRulesReadExistsInTheLiveMetricsOfTheBalancerAndANode() throws Exception {
        Map<String, Set<String>> readBy = new TreeMap<>(); // metric, or metric{label}, -> where it is read
        dashboardExpressions().forEach(e -> read(e, "dashboard", readBy));
        ruleExpressions().forEach((alert, e) -> read(e, alert, readBy));
        // what issue 15 asks the kit to watch: session resets, node health, latency, store timeouts and failures,
        // conflicts, lock waits
        assertThat(readBy.keySet()).contains("unstick_session_resets_total", "unstick_node_up",
                "unstick_request_duration_seconds_bucket", "unstick_session_store_timeouts_total",
                "unstick_session_store_commit_failures_total", "unstick_session_store_stale_commits_total",
                "unstick_session_store_conflicts_total", "unstick_session_store_lock_wait_seconds_total");

        int base = FreePorts.consecutive(8);
        StackSpec spec = new StackSpec(Mode.SHARED, 2, base, base + 1, base + 2, base + 4, base + 6, work.resolve("logs"),
                StackSpec.DEFAULT_NODE_JVM, StackSpec.DEFAULT_BALANCER_JVM);
        Set<String> exposed = new HashSet<>(); // metric and metric{label} of every sample
        try (LocalStack stack = LocalStack.start(spec, Artifacts.in(HOME).requireBuilt(), Duration.ofSeconds(180))) {
            shopAsAClient("http://127.0.0.1:" + spec.port());
            exposed.addAll(sampleNamesAndLabels(get("http://127.0.0.1:" + spec.adminPort() + "/metrics")));
            exposed.addAll(sampleNamesAndLabels(get("http://127.0.0.1:" + spec.managementPort(1) + "/metrics")));
        }
        assertThat(exposed).as("the scrapes").contains("unstick_requests_total", "unstick_session_store_reads_total",
                "unstick_node_up{node}");

        Map<String, Set<String>> missing = new TreeMap<>(readBy);
        missing.keySet().removeAll(exposed);
        missing.keySet().removeIf(key -> SYNTHETIC.contains(key.split("\\{")[0]));
        assertThat(missing).as("metrics, and labels of them, read by ops/ that neither the balancer nor a node exposes"
                + " (metric or metric{label} -> read by)").isEmpty();
    }

    /** Notes the metrics {@code expression} reads, and the labels it reads of them, as read by {@code reader}. */
    private static void read(String expression, String reader, Map<String, Set<String>> readBy) {
        PromQlNames.labels(expression).forEach((metric, labels) -> {
            readBy.computeIfAbsent(metric, k -> new TreeSet<>()).add(reader);
            labels.stream().filter(label -> !TARGET_LABELS.contains(label))
                    .forEach(label -> readBy.computeIfAbsent(metric + "{" + label + "}", k -> new TreeSet<>()).add(reader));
        });
    }

    @Test
    void promtoolAcceptsTheRulesAndTheConfigAndTheRulesPassTheirUnitTests() throws Exception {
        Path promtool = PeerTools.path(PeerTool.PROMTOOL);
        assertThat(run(promtool, "check", "rules", RULES.toString())).contains("SUCCESS");
        // --syntax-only: the bearer token file exists only inside the Prometheus container
        assertThat(run(promtool, "check", "config", "--syntax-only", OPS.resolve("prometheus/prometheus.yml").toString()))
                .contains("SUCCESS");
        assertThat(run(promtool, "test", "rules", OPS.resolve("prometheus/alerts.test.yml").toString())).contains("SUCCESS");
    }

    @Test
    void theDashboardReadsFromItsDatasourceVariableWithUniquePanelIds() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("unstick-overview");
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels(dashboard)) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                        .isEqualTo("${datasource}");
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
        assertThat(dashboardExpressions()).hasSizeGreaterThan(20);
    }

    // ------------------------------------------------------------------------------------------ ops/ files

    private static List<String> dashboardExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels(new ObjectMapper().readTree(DASHBOARD.toFile()))) {
            panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
        }
        return expressions;
    }

    /** Top-level panels and those inside collapsed rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static Map<String, String> ruleExpressions() throws IOException {
        Map<String, String> expressions = new TreeMap<>();
        for (JsonNode group : new YAMLMapper().readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.put(rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText());
            }
        }
        assertThat(expressions).as("rules in %s", RULES).hasSizeGreaterThan(10);
        return expressions;
    }

    // ------------------------------------------------------------------------------------------ the live stack

    /** Browses, adds to the cart, reads it back: the store reads and writes, the balancer forwards. */
    private static void shopAsAClient(String shop) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> products = client.send(HttpRequest.newBuilder(URI.create(shop + "/api/products"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(products.statusCode()).isEqualTo(200);
        String productId = new ObjectMapper().readTree(products.body()).path(0).path("id").asText();
        HttpResponse<String> added = client.send(HttpRequest.newBuilder(URI.create(shop + "/api/cart/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"productId\":\"" + productId + "\",\"quantity\":1}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        HttpResponse<String> cart = client.send(HttpRequest.newBuilder(URI.create(shop + "/api/cart"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cart.body()).contains(productId);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /** The names of the samples in a Prometheus text exposition, and each name{label} they carry. */
    private static Set<String> sampleNamesAndLabels(String exposition) {
        Set<String> names = new HashSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String name = line.split("[{ ]", 2)[0];
                names.add(name);
                if (line.startsWith(name + "{")) {
                    Matcher label = EXPOSED_LABEL.matcher(line.substring(name.length(), line.lastIndexOf('}') + 1));
                    while (label.find()) {
                        names.add(name + "{" + label.group(1) + "}");
                    }
                }
            }
        }
        return names;
    }

    private String run(Path program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
        return output;
    }
}
