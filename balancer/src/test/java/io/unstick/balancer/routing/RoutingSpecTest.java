package io.unstick.balancer.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"cookie", "jsessionid", "source-ip", "header:X-User", "round-robin", "least-requests"})
    void parsesEveryDocumentedValueAndPrintsItBack(String value) {
        assertThat(RoutingSpec.parse(value)).hasToString(value);
    }

    @Test
    void isCaseInsensitiveForKindsButKeepsTheHeaderName() {
        assertThat(RoutingSpec.parse(" Least-Requests ")).hasToString("least-requests");
        assertThat(RoutingSpec.parse("HEADER:X-Tenant-Id").headerName()).isEqualTo("X-Tenant-Id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sticky", "header:", "header:bad header", "header:a:b", ""})
    void refusesAnythingElseAndListsTheChoices(String value) {
        assertThatThrownBy(() -> RoutingSpec.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header");
    }
}
