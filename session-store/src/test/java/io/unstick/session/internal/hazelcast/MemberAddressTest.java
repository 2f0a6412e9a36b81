package io.unstick.session.internal.hazelcast;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberAddressTest {

    @ParameterizedTest(name = "members={0} memberPort={1} memberAddress={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-                                  | 5701 | -         | 127.0.0.1",
            "127.0.0.1:5701,127.0.0.1:5702      | 5702 | -         | 127.0.0.1",
            "localhost:5701                     | 5701 | -         | 127.0.0.1",
            "192.0.2.7:5701,127.0.0.1:5701      | 5701 | -         | 127.0.0.1",
            "192.0.2.7:5701                     | 5701 | 127.0.0.1 | 127.0.0.1",
    })
    void theMemberBindsOneAddressOfThisMachine(String members, int port, String explicit, String expected) {
        List<String> list = members == null ? List.of() : List.of(members.split(","));

        assertThat(MemberAddress.resolve(explicit, list, port)).isEqualTo(expected);
    }

    @Test
    void aJoinListWithoutThisMachineIsRefusedNamingTheAttributes() {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never an address of this machine.
        assertThatThrownBy(() -> MemberAddress.resolve(null, List.of("192.0.2.7:5701", "127.0.0.1:5702"), 5701))
                .hasMessageContaining("members (192.0.2.7:5701,127.0.0.1:5702) lists no address of this machine")
                .hasMessageContaining("memberAddress");
    }

    @Test
    void theWildcardAndForeignAddressesAreRefused() {
        assertThatThrownBy(() -> MemberAddress.resolve("0.0.0.0", List.of(), 5701))
                .hasMessageContaining("memberAddress must be one address of this machine, not the wildcard");
        assertThatThrownBy(() -> MemberAddress.resolve("192.0.2.7", List.of(), 5701))
                .hasMessageContaining("memberAddress '192.0.2.7' is not an address of this machine");
    }

    @Test
    void loopbackIsTheWhole127Network() {
        assertThat(MemberAddress.isLoopback("127.0.0.1")).isTrue();
        assertThat(MemberAddress.isLoopback("127.0.0.2")).isTrue();
        assertThat(MemberAddress.isLoopback("localhost")).isTrue();
        assertThat(MemberAddress.isLoopback("192.0.2.7")).isFalse();
    }
}
