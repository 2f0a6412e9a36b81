package io.unstick.spring.boot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HazelcastVersionCheckTest {

    @Test
    void bootsManagedHazelcastIsRefusedWithBothVersionsAndTheFix() {
        assertThatThrownBy(() -> HazelcastVersionCheck.check("5.7.0", "5.5.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs Hazelcast 5.7 (it is built and tested with 5.7.0)")
                .hasMessageContaining("the application has Hazelcast 5.5.0")
                .hasMessageContaining("<hazelcast.version>5.7.0</hazelcast.version>");
    }

    @ParameterizedTest
    @CsvSource({"5.7.0, 5.7.0", "5.7.0, 5.7.3", "5.7.0, 5.8.0", "5.7.0, 6.0.0", "5.7.0, 5.7.1-SNAPSHOT"})
    void theSameOrANewerHazelcastStarts(String required, String running) {
        assertThatCode(() -> HazelcastVersionCheck.check(required, running)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"5.7.0, 5.6.9", "5.7.0, 4.2.8", "5.7.0, 5.5.0-BETA-1"})
    void anOlderMinorIsRefused(String required, String running) {
        assertThatThrownBy(() -> HazelcastVersionCheck.check(required, running)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theStarterKnowsTheHazelcastItWasBuiltWith() {
        assertThat(HazelcastVersionCheck.builtWith()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
    }
}
