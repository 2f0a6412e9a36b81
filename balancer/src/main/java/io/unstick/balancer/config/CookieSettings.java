package io.unstick.balancer.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Attributes and lifetime of the {@code UNSTICK_ROUTE} affinity cookie.
 *
 * @param sameSite {@code Lax} (default), {@code Strict} or {@code None}; {@code None} forces {@code Secure}
 * @param maxIdle  a cookie not refreshed for this long is treated as absent; {@link Duration#ZERO} = never
 * @param maxLife  a cookie issued longer ago than this is treated as absent; {@link Duration#ZERO} = never
 */
public record CookieSettings(String sameSite, Duration maxIdle, Duration maxLife) {

    public CookieSettings {
        Objects.requireNonNull(maxIdle, "maxIdle");
        Objects.requireNonNull(maxLife, "maxLife");
        sameSite = switch (sameSite.toLowerCase(Locale.ROOT)) {
            case "lax" -> "Lax";
            case "strict" -> "Strict";
            case "none" -> "None";
            default -> throw new IllegalArgumentException("expected Lax, Strict or None, got '" + sameSite + "'");
        };
    }

    public static CookieSettings defaults() {
        return new CookieSettings("Lax", Duration.ZERO, Duration.ZERO);
    }

    /** SameSite=None is only honoured by browsers on Secure cookies. */
    public boolean alwaysSecure() {
        return "None".equals(sameSite);
    }
}
