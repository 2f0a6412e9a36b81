package io.unstick.balancer.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class JSessionIdsTest {

    @ParameterizedTest(name = "{0}: route {1}, base {2}")
    @CsvSource(nullValues = "null", value = {
            "ABCDEF0123.node1,  node1, ABCDEF0123",
            "ABCDEF0123,        null,  ABCDEF0123",
            "ABC.DEF.node2,     node2, ABC.DEF",
            ".node1,            null,  .node1",
            "ABC.,              null,  ABC.",
    })
    void splitsRouteAndBase(String id, String route, String base) {
        assertThat(JSessionIds.route(id)).isEqualTo(route);
        assertThat(JSessionIds.base(id)).isEqualTo(base);
    }
}
