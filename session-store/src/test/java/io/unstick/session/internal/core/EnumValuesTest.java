package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnumValuesTest {

    @Test
    void parsesCaseInsensitively() {
        assertThat(Concurrency.parse(" Lock ")).isEqualTo(Concurrency.LOCK);
    }

    @Test
    void aWrongValueNamesTheAttributeAndTheAllowedValues() {
        assertThatThrownBy(() -> Concurrency.parse("cluster"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be 'merge' or 'lock', was 'cluster'");
    }
}
