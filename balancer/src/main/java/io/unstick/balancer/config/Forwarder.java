package io.unstick.balancer.config;

import java.util.Locale;

/**
 * Which data path forwards HTTP/1.x requests, set by {@code UNSTICK_FORWARDER}: {@code xnio}, the balancer's own
 * forwarder ({@link io.unstick.balancer.forward.ForwardingHandler}; what it hands to Undertow's proxy is listed
 * there), or {@code undertow}, Undertow's generic proxy for everything (the previous data path, kept for one
 * release).
 */
public enum Forwarder {
    XNIO,
    UNDERTOW;

    public static Forwarder parse(String value) {
        for (Forwarder forwarder : values()) {
            if (forwarder.name().equalsIgnoreCase(value.trim())) {
                return forwarder;
            }
        }
        throw new IllegalArgumentException("expected xnio or undertow, got '" + value + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
