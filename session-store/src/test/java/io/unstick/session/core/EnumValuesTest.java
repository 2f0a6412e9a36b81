package io.unstick.session.core;

import io.unstick.session.store.Topology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnumValuesTest {

    @Test
    void parsesCaseInsensitively() {
        assertThat(Topology.parse(" Client ")).isEqualTo(Topology.CLIENT);
    }

    @Test
    void aWrongValueNamesTheAttributeAndTheAllowedValues() {
        assertThatThrownBy(() -> Topology.parse("cluster"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topology must be 'embedded' or 'client', was 'cluster'");
    }
}
