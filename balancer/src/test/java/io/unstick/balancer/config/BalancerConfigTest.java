package io.unstick.balancer.config;

import io.unstick.balancer.routing.RoutingSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BalancerConfigTest {

    @Test
    void defaults() {
        BalancerConfig c = BalancerConfig.fromEnv(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.adminPort()).isEqualTo(9090);
        assertThat(c.adminBindAddress()).as("admin on loopback without a token").isEqualTo("127.0.0.1");
        assertThat(c.mode()).isEqualTo(Mode.SHARED);
        assertThat(c.routing()).hasToString("least-requests");
        assertThat(c.backends()).isEmpty();
        assertThat(c.cookieSecretGenerated()).isTrue();
        assertThat(c.cookieSecret()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(c.trustForwarded()).isFalse();
        assertThat(c.health()).isEqualTo(HealthSettings.defaults());
        assertThat(c.limits()).isEqualTo(Limits.defaults());
        assertThat(c.cookie()).isEqualTo(CookieSettings.defaults());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"sticky, cookie", "hybrid, cookie", "shared, least-requests", "SHARED, least-requests"})
    void theModeChoosesTheDefaultRouting(String mode, String routing) {
        assertThat(BalancerConfig.fromEnv(Map.of("UNSTICK_MODE", mode)).routing()).hasToString(routing);
    }

    @Test
    void theForwarderIsTheBalancersOwnUnlessUndertowsIsAskedFor() {
        assertThat(BalancerConfig.fromEnv(Map.of()).forwarder()).isEqualTo(Forwarder.XNIO);
        assertThat(BalancerConfig.fromEnv(Map.of("UNSTICK_FORWARDER", " Undertow ")).forwarder()).isEqualTo(Forwarder.UNDERTOW);
        assertThatThrownBy(() -> BalancerConfig.fromEnv(Map.of("UNSTICK_FORWARDER", "netty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("UNSTICK_FORWARDER")
                .hasMessageContaining("expected xnio or undertow, got 'netty'");
    }

    @Test
    void anExplicitRoutingWinsOverTheMode() {
        assertThat(BalancerConfig.fromEnv(Map.of("UNSTICK_MODE", "sticky", "UNSTICK_ROUTING", "header:X-User")).routing())
                .isEqualTo(new RoutingSpec(RoutingSpec.Kind.HEADER, "X-User"));
    }

    @Test
    void readsEverySetting() {
        Map<String, String> env = new HashMap<>();
        env.put("UNSTICK_PORT", "8000");
        env.put("UNSTICK_ADMIN_PORT", "9000");
        env.put("UNSTICK_BACKENDS", "node1=http://127.0.0.1:8081, node2=http://127.0.0.1:8082/app");
        env.put("UNSTICK_ADMIN_TOKEN", "0123456789abcdef-token");
        env.put("UNSTICK_COOKIE_SECRET", "0123456789abcdef-secret");
        env.put("UNSTICK_COOKIE_SAMESITE", "none");
        env.put("UNSTICK_COOKIE_MAX_IDLE", "30m");
        env.put("UNSTICK_COOKIE_MAX_LIFE", "8h");
        env.put("UNSTICK_TRUST_FORWARDED", "true");
        env.put("UNSTICK_HEALTH_INTERVAL", "500ms");
        env.put("UNSTICK_HEALTH_FALL", "3");
        env.put("UNSTICK_MAX_HEADER_SIZE", "16k");
        env.put("UNSTICK_MAX_BODY_SIZE", "1g");
        env.put("UNSTICK_BACKEND_TIMEOUT", "5s");
        env.put("UNSTICK_MAX_RETRIES", "0");
        BalancerConfig c = BalancerConfig.fromEnv(env);
        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.backends()).containsExactly(new BackendSpec("node1", URI.create("http://127.0.0.1:8081")),
                new BackendSpec("node2", URI.create("http://127.0.0.1:8082/app")));
        assertThat(c.adminBindAddress()).as("with a token the admin listener is reachable").isEqualTo("0.0.0.0");
        assertThat(c.cookie().sameSite()).isEqualTo("None");
        assertThat(c.cookie().alwaysSecure()).isTrue();
        assertThat(c.cookie().maxIdle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.cookie().maxLife()).isEqualTo(Duration.ofHours(8));
        assertThat(c.trustForwarded()).isTrue();
        assertThat(c.health().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.health().fall()).isEqualTo(3);
        assertThat(c.limits().maxHeaderBytes()).isEqualTo(16 * 1024);
        assertThat(c.limits().maxBodyBytes()).isEqualTo(1L << 30);
        assertThat(c.limits().backendTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.limits().maxRetries()).isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "UNSTICK_PORT             | eighty          | expected a number",
            "UNSTICK_PORT             | 70000           | 0 to 65535",
            "UNSTICK_MODE             | sideways        | sticky, shared or hybrid",
            "UNSTICK_ROUTING          | sticky          | least-requests",
            "UNSTICK_BACKENDS         | node1           | name=http://host:port",
            "UNSTICK_BACKENDS         | a=http://h:1,a=http://h:2 | appears twice",
            "UNSTICK_BACKENDS         | n=https://h:1   | http://host:port",
            "UNSTICK_BACKENDS         | bad name=http://h:1 | letters, digits",
            "UNSTICK_TRUST_FORWARDED  | maybe           | true or false",
            "UNSTICK_HEALTH_INTERVAL  | 2               | duration",
            "UNSTICK_MAX_BODY_SIZE    | lots            | size",
            "UNSTICK_COOKIE_SAMESITE  | sometimes       | Lax, Strict or None",
            "UNSTICK_COOKIE_SECRET    | short           | at least 16",
            "UNSTICK_ADMIN_TOKEN      | short           | at least 16",
            "UNSTICK_ADMIN_BIND_ADDRESS | 0.0.0.0       | without UNSTICK_ADMIN_TOKEN the admin API listens on a loopback address only",
            "UNSTICK_REQUEST_BODY_MIN_RATE | slow        | size",
            "UNSTICK_TLS_REDIRECT     | true            | needs an HTTPS listener",
            "UNSTICK_HSTS_MAX_AGE     | 365d            | needs an HTTPS listener",
            "UNSTICK_TLS_PORT         | 99999           | 0 to 65535",
    })
    void aBadValueNamesTheVariable(String variable, String value, String hint) {
        assertThatThrownBy(() -> BalancerConfig.fromEnv(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ":")
                .hasMessageContaining(hint);
    }

    @Test
    void rulesAcrossVariablesNameTheGroup() {
        assertThatThrownBy(() -> BalancerConfig.fromEnv(Map.of("UNSTICK_PASSIVE_BACKOFF_MAX", "100ms")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("UNSTICK_HEALTH_*/UNSTICK_PASSIVE_*:")
                .hasMessageContaining("passive backoff max");
        assertThatThrownBy(() -> BalancerConfig.fromEnv(Map.of("UNSTICK_BACKEND_TIMEOUT", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("backend timeout must be positive");
        assertThatThrownBy(() -> BalancerConfig.fromEnv(Map.of("UNSTICK_BOUND_CLIENT_WINDOW", "0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("UNSTICK_BOUND_CLIENT_WINDOW:");
    }

    @Test
    void aTlsCertificateWithoutItsKeyNamesTheMissingOne() {
        assertThatThrownBy(() -> BalancerConfig.fromEnv(Map.of("UNSTICK_TLS_CERT", "/etc/cert.pem")))
                .hasMessage("UNSTICK_TLS_KEY: UNSTICK_TLS_CERT and UNSTICK_TLS_KEY go together: set both for HTTPS, or neither");
        assertThatThrownBy(() -> BalancerConfig.fromEnv(Map.of("UNSTICK_TLS_KEY", "/etc/key.pem")))
                .hasMessageStartingWith("UNSTICK_TLS_CERT:");
        assertThat(BalancerConfig.fromEnv(Map.of("UNSTICK_TLS_CERT", "/c.pem", "UNSTICK_TLS_KEY", "/k.pem",
                "UNSTICK_HSTS_MAX_AGE", "365d")).tls().hstsMaxAge()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void withoutATokenTheAdminListenerMayBindAnyLoopbackAddressButNothingElse() {
        for (String loopback : new String[]{"127.0.0.1", "127.0.0.2", "::1", "localhost"}) {
            assertThat(BalancerConfig.fromEnv(Map.of("UNSTICK_ADMIN_BIND_ADDRESS", loopback)).adminBindAddress()).isEqualTo(loopback);
        }
        assertThat(BalancerConfig.fromEnv(Map.of("UNSTICK_ADMIN_BIND_ADDRESS", "0.0.0.0",
                "UNSTICK_ADMIN_TOKEN", "admin-token-value-123456")).adminBindAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void secretsNeverAppearInTheDescription() {
        BalancerConfig c = BalancerConfig.fromEnv(Map.of("UNSTICK_COOKIE_SECRET", "cookie-secret-value-1234",
                "UNSTICK_ADMIN_TOKEN", "admin-token-value-123456"));
        assertThat(c.describe()).doesNotContain("cookie-secret-value-1234").doesNotContain("admin-token-value-123456")
                .contains("masked");
        assertThat(c.toString()).doesNotContain("cookie-secret-value-1234").doesNotContain("admin-token-value-123456");
    }
}
