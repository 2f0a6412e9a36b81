package io.unstick.balancer.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Host names count as loopback, and which Content-Types as JSON: what a rebound or cross-site page cannot fake. */
class BrowserGuardHandlerTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST:9090", "localhost.", "127.0.0.1", "127.0.0.1:9090", "127.255.3.4:1",
            "[::1]", "[::1]:9090", " localhost "})
    void loopbackNames(String host) {
        assertThat(BrowserGuardHandler.isLoopbackName(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:9090", "localhost.evil.example", "127.0.0.1.evil.example",
            "127.0.0.1.nip.io", "128.0.0.1", "127.0.0", "127.0.0.1.1", "127.0.0.256", "0.0.0.0", "[::2]", "[::1]x",
            "localhost:90a", "10.0.0.5:9090", "", "127.0.0.1:"})
    void otherNames(String host) {
        assertThat(BrowserGuardHandler.isLoopbackName(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8", " application/json ;x=y"})
    void json(String contentType) {
        assertThat(BrowserGuardHandler.isJson(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/jsonx", "application/json-patch+json", "text/plain; application/json", ""})
    void notJson(String contentType) {
        assertThat(BrowserGuardHandler.isJson(contentType)).isFalse();
    }
}
