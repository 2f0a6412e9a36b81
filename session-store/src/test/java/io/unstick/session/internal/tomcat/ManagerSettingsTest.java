package io.unstick.session.internal.tomcat;

import io.unstick.session.HazelcastSessionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagerSettingsTest {

    private static final Pattern DEFAULT =
            ManagerSettings.parseIgnorePattern(new HazelcastSessionManager().getRequestUriIgnorePattern());

    @ParameterizedTest(name = "{0} -> takes no lock: {1}")
    @CsvSource({
            "/shop/css/site.css,        true",
            "/shop/js/app.min.js,       true",
            "/shop/images/logo.png,     true",
            "/shop/photo.JPG,           false", // case matters, as in the file system of most servers
            "/shop/photo.jpeg,          true",
            "/shop/favicon.ico,         true",
            "/shop/fonts/a.woff2,       true",
            "/shop/api/cart,            false",
            "/shop/cart,                false",
            "/shop/png,                 false",
            "/shop/export.json,         false",
    })
    void theDefaultPatternLetsStaticResourcesSkipTheLock(String uri, boolean ignored) {
        assertThat(DEFAULT.matcher(uri).matches()).isEqualTo(ignored);
    }

    @Test
    void aBlankPatternLocksEveryRequestAndABadOneNamesTheAttribute() {
        assertThat(ManagerSettings.parseIgnorePattern(" ")).isNull();
        assertThatThrownBy(() -> ManagerSettings.parseIgnorePattern(".*\\.(png"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestUriIgnorePattern");
    }
}
