package io.unstick.balancer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTPS listener, and how the plain one relates to it.
 *
 * @param certificate PEM certificate chain, leaf first ({@code UNSTICK_TLS_CERT}); null: no HTTPS listener
 * @param key         PEM private key, PKCS#8 ({@code UNSTICK_TLS_KEY}); set together with the certificate
 * @param port        HTTPS port ({@code UNSTICK_TLS_PORT}, default 8443); HTTP/2 is offered by ALPN
 * @param redirect    the plain listener answers every request with 308 to the HTTPS one ({@code UNSTICK_TLS_REDIRECT})
 * @param hstsMaxAge  {@code Strict-Transport-Security: max-age=...} on HTTPS responses ({@code UNSTICK_HSTS_MAX_AGE});
 *                    {@link Duration#ZERO}: none
 * @param h2c         HTTP/2 without TLS on the plain listener, prior knowledge or {@code Upgrade: h2c} ({@code UNSTICK_H2C})
 */
public record TlsSettings(Path certificate, Path key, int port, boolean redirect, Duration hstsMaxAge, boolean h2c) {

    public static final int DEFAULT_PORT = 8443;

    public TlsSettings {
        Objects.requireNonNull(hstsMaxAge, "hstsMaxAge");
        if ((certificate == null) != (key == null)) {
            throw new ConfigException(certificate == null ? "UNSTICK_TLS_CERT" : "UNSTICK_TLS_KEY",
                    "UNSTICK_TLS_CERT and UNSTICK_TLS_KEY go together: set both for HTTPS, or neither");
        }
        if (certificate == null && redirect) {
            throw new ConfigException("UNSTICK_TLS_REDIRECT", "needs an HTTPS listener: set UNSTICK_TLS_CERT and UNSTICK_TLS_KEY");
        }
        if (certificate == null && !hstsMaxAge.isZero()) {
            throw new ConfigException("UNSTICK_HSTS_MAX_AGE", "needs an HTTPS listener: set UNSTICK_TLS_CERT and UNSTICK_TLS_KEY");
        }
    }

    public static TlsSettings off() {
        return new TlsSettings(null, null, DEFAULT_PORT, false, Duration.ZERO, false);
    }

    public boolean enabled() {
        return certificate != null;
    }

    @Override
    public String toString() {
        return enabled() ? "https:" + port + " cert=" + certificate + " key=<" + key + ">" + (redirect ? " redirect" : "")
                + (hstsMaxAge.isZero() ? "" : " hsts=" + hstsMaxAge.toSeconds() + "s") + (h2c ? " h2c" : "")
                : "off" + (h2c ? " h2c" : "");
    }
}
