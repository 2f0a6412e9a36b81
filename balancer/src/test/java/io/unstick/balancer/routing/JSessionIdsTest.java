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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "JSESSIONID=ABC.node1; Path=/; HttpOnly                       | ABC.node1",
            "jsessionid=ABC.node2                                         | ABC.node2",
            "JSESSIONID=; Max-Age=0; Path=/                               | null",
            "JSESSIONID=ABC.node1; Max-Age=0                              | null",
            "JSESSIONID=ABC.node1; Expires=Thu, 01 Jan 1970 00:00:00 GMT  | null",
            "UNSTICK_ROUTE=v1.x                                           | null",
            "JSESSIONIDX=ABC                                              | null",
    })
    void readsTheIdASetCookieIssues(String header, String expected) {
        assertThat(JSessionIds.fromSetCookie(header)).isEqualTo(expected);
    }
}
