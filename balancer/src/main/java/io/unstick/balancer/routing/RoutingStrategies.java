package io.unstick.balancer.routing;

import io.unstick.balancer.config.CookieSettings;

/** Builds the strategy for a {@link RoutingSpec}; used at start and when the admin API switches it. */
public final class RoutingStrategies {

    private final AffinityCookieCodec codec;
    private final CookieSettings cookieSettings;
    private final boolean trustForwarded;

    public RoutingStrategies(AffinityCookieCodec codec, CookieSettings cookieSettings, boolean trustForwarded) {
        this.codec = codec;
        this.cookieSettings = cookieSettings;
        this.trustForwarded = trustForwarded;
    }

    public RoutingStrategy create(RoutingSpec spec) {
        return switch (spec.kind()) {
            case COOKIE -> new CookieRouting(codec, cookieSettings);
            case JSESSIONID -> new JSessionIdRouting();
            case SOURCE_IP -> HashRouting.sourceIp(trustForwarded);
            case HEADER -> HashRouting.header(spec.headerName());
            case ROUND_ROBIN, LEAST_REQUESTS -> new BalancingRouting(spec);
        };
    }
}
