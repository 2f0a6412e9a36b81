package io.unstick.balancer.routing;

import io.unstick.balancer.config.CookieSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AffinityCookieCodecTest {

    private static final long NOW = 1_800_000_000L;
    private final AffinityCookieCodec codec = new AffinityCookieCodec("secret-0123456789abcdef",
            new CookieSettings("Lax", Duration.ofMinutes(30), Duration.ofHours(8)));

    private String valid() {
        return codec.encode(new AffinityCookieCodec.Token(codec.routeIdFor("node1"), "AbCdEfGhIjK", NOW - 60, NOW - 60));
    }

    @Test
    void roundTripsAValidToken() {
        AffinityCookieCodec.Decoded decoded = codec.decode(valid(), NOW);
        assertThat(decoded.invalid()).isNull();
        assertThat(decoded.token()).isEqualTo(new AffinityCookieCodec.Token(codec.routeIdFor("node1"), "AbCdEfGhIjK", NOW - 60, NOW - 60));
    }

    @Test
    void aValueVerifiedBeforeSkipsOnlyItsOwnSignatureCheck() {
        String genuine = valid();
        // another node's id under the genuine value's signature, and the genuine value with its MAC altered
        String forgedRoute = genuine.replace(codec.routeIdFor("node1"), codec.routeIdFor("node2"));
        char last = genuine.charAt(genuine.length() - 1);
        String forgedMac = genuine.substring(0, genuine.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(codec.decode(genuine, NOW, genuine).token()).as("the same value again").isNotNull();
        assertThat(codec.decode(forgedRoute, NOW, genuine).invalid()).isEqualTo("bad-signature");
        assertThat(codec.decode(forgedMac, NOW, genuine).invalid()).isEqualTo("bad-signature");
        assertThat(codec.decode(genuine + "x", NOW, genuine).invalid()).isEqualTo("malformed");
    }

    @Test
    void routeIdsAreStableOpaqueAndDistinct() {
        assertThat(codec.routeIdFor("node1")).isEqualTo(new AffinityCookieCodec("secret-0123456789abcdef", CookieSettings.defaults()).routeIdFor("node1"))
                .isNotEqualTo(codec.routeIdFor("node2"))
                .isNotEqualTo(new AffinityCookieCodec("another-secret-012345", CookieSettings.defaults()).routeIdFor("node1"))
                .doesNotContain("node").hasSize(8);
        assertThat(valid()).matches("v1\\.[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]{11}\\.[0-9a-z]+\\.[0-9a-z]+\\.[A-Za-z0-9_-]{22}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'',                       malformed",
            "garbage,                  malformed",
            "v1.a.b.c.d.e,             malformed",
            "v2.AAAAAAAA.AAAAAAAAAAA.1.1.AAAAAAAAAAAAAAAAAAAAAA, malformed",
            "v1.AAAAAAAA.AAAAAAAAAAA.1.1.AAAAAAAAAAAAAAAAAAAAAA, bad-signature",
            "v1.AAAAAAAA.AAAAAAAAAAA.1.1.!!!!!!!!!!!!!!!!!!!!!!, bad-signature",
    })
    void rejectsMalformedValues(String value, String reason) {
        assertThat(codec.decode(value, NOW).invalid()).isEqualTo(reason);
        assertThat(codec.decode(value, NOW).token()).isNull();
    }

    @Test
    void rejectsTamperedTruncatedAndExtendedValues() {
        String v = valid();
        String flipped = v.substring(0, 5) + (v.charAt(5) == 'A' ? 'B' : 'A') + v.substring(6);
        assertThat(codec.decode(flipped, NOW).invalid()).isEqualTo("bad-signature");
        assertThat(codec.decode(v.substring(0, v.length() - 1), NOW).invalid()).isEqualTo("malformed");
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef".toCharArray()) {
            String lastCharChanged = v.substring(0, v.length() - 1) + c;
            if (!lastCharChanged.equals(v)) {
                assertThat(codec.decode(lastCharChanged, NOW).invalid()).as("spare base64 bits changed: %s", c).isEqualTo("bad-signature");
            }
        }
        assertThat(codec.decode(v + "A", NOW).invalid()).isEqualTo("malformed");
        assertThat(codec.decode("x".repeat(10_000), NOW).invalid()).isEqualTo("malformed");
    }

    @Test
    void rejectsExpiredIdleAndFutureTokens() {
        String route = codec.routeIdFor("node1");
        assertThat(codec.decode(codec.encode(new AffinityCookieCodec.Token(route, "AbCdEfGhIjK", NOW - 9 * 3600, NOW - 60)), NOW).invalid())
                .as("older than max life").isEqualTo("expired");
        assertThat(codec.decode(codec.encode(new AffinityCookieCodec.Token(route, "AbCdEfGhIjK", NOW - 3600, NOW - 3600)), NOW).invalid())
                .as("idle longer than max idle").isEqualTo("expired");
        assertThat(codec.decode(codec.encode(new AffinityCookieCodec.Token(route, "AbCdEfGhIjK", NOW + 3600, NOW + 3600)), NOW).invalid())
                .as("issued in the future").isEqualTo("expired");
    }

    @Test
    void withoutLimitsOldTokensStayValidAndAreNeverRefreshed() {
        AffinityCookieCodec unlimited = new AffinityCookieCodec("secret-0123456789abcdef", CookieSettings.defaults());
        AffinityCookieCodec.Token old = new AffinityCookieCodec.Token(unlimited.routeIdFor("n"), "AbCdEfGhIjK", 1000, 1000);
        assertThat(unlimited.decode(unlimited.encode(old), NOW).token()).isEqualTo(old);
        assertThat(unlimited.needsRefresh(old, NOW)).isFalse();
    }

    @Test
    void refreshesAfterAQuarterOfTheIdleTime() {
        AffinityCookieCodec.Token t = new AffinityCookieCodec.Token("AAAAAAAA", "AbCdEfGhIjK", NOW, NOW);
        assertThat(codec.needsRefresh(t, NOW + 60)).isFalse();
        assertThat(codec.needsRefresh(t, NOW + 450)).isTrue();
    }

    @Test
    void clientIdsHaveTheFormatsLength() {
        assertThat(AffinityCookieCodec.newClientId(0x0123456789abcdefL)).hasSize(11).matches("[A-Za-z0-9_-]+");
    }
}
