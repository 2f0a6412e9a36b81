package io.unstick.session.internal.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SessionIdsTest {

    @ParameterizedTest(name = "{0} -> base {1}, route {2}")
    @CsvSource(nullValues = "null", value = {
            "4F2A9C,        4F2A9C, null",
            "4F2A9C.node1,  4F2A9C, node1",
            "4F2A9C.a.b,    4F2A9C, a.b",
    })
    void splitsAnIdIntoBaseAndRoute(String id, String base, String route) {
        assertThat(SessionIds.base(id)).isEqualTo(base);
        assertThat(SessionIds.route(id)).isEqualTo(route);
    }

    @ParameterizedTest(name = "{0} + route {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "4F2A9C, node2, 4F2A9C.node2",
            "4F2A9C, null,  4F2A9C",
            "4F2A9C, '',    4F2A9C",
    })
    void namesTheLocalCopyWithThisNodesRoute(String base, String jvmRoute, String expected) {
        assertThat(SessionIds.withRoute(base, jvmRoute)).isEqualTo(expected);
    }
}
