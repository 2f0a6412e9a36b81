package io.unstick.balancer.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7                 | 203.0.113.7",
            "127.0.0.1                   | 127.0.0.1",
            "2001:db8:1:2:a:b:c:d        | 2001:db8:1:2::/64",
            "2001:db8:1:2::ffff          | 2001:db8:1:2::/64",
            "::1                         | 0:0:0:0:0:0:0:1",
    })
    void keysAddressesAndIpv6Networks(String address, String key) throws Exception {
        assertThat(ClientAddress.key(InetAddress.getByName(address))).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "203.0.113.7                      | 203.0.113.7",
            "6.6.6.6, 203.0.113.7             | 203.0.113.7",
            "6.6.6.6,203.0.113.7              | 203.0.113.7",
            "6.6.6.6, 2001:db8:1:2:a:b:c:d    | 2001:db8:1:2::/64",
            "6.6.6.6, [2001:db8:1:2::1]       | 2001:db8:1:2::/64",
            "203.0.113.7, unknown             | null",
            "203.0.113.7, 300.1.1.1           | null",
            "203.0.113.7, evil.example        | null",
            "203.0.113.7, 1.2.3.4:5678        | null",
            "'6.6.6.6, '                      | null",
    })
    void takesTheLastForwardedForEntry(String header, String key) {
        assertThat(ClientAddress.fromForwardedFor(header)).isEqualTo(key);
    }

    @Test
    void aHostNameInForwardedForIsNeverResolved() {
        // "localhost" would resolve; a name is not an address literal, so it is refused before any lookup
        assertThat(ClientAddress.fromForwardedFor("localhost")).isNull();
    }
}
