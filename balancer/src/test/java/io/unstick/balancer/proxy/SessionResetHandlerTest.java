package io.unstick.balancer.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SessionResetHandlerTest {

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
    void readsTheIssuedSessionId(String header, String expected) {
        assertThat(SessionResetHandler.newSessionId(header)).isEqualTo(expected);
    }
}
