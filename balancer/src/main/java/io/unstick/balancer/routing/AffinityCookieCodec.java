package io.unstick.balancer.routing;

import io.unstick.balancer.config.CookieSettings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encodes and verifies the value of the {@code UNSTICK_ROUTE} affinity cookie.
 *
 * <p>Format, all fields base64url or base36, separated by dots:
 * <pre>
 * v1.&lt;routeId&gt;.&lt;clientId&gt;.&lt;issued&gt;.&lt;refreshed&gt;.&lt;mac&gt;
 * v1.Xb3kQ9aA.p0Zt8Yq1LmE.sdf8k1.sdf8q0.3hJ0...22 chars
 * </pre>
 * <ul>
 *   <li>{@code routeId}: 8 chars, the first 48 bits of HMAC-SHA256(secret, "route:" + node name). Opaque: it
 *       reveals neither the node's name nor its address, and balancers sharing the secret agree on it.</li>
 *   <li>{@code clientId}: 11 chars, random per client; the identity counted in a node's bound clients.</li>
 *   <li>{@code issued}, {@code refreshed}: epoch seconds in base36, for max life and max idle.</li>
 *   <li>{@code mac}: 22 chars, the first 128 bits of HMAC-SHA256(secret, everything before it).</li>
 * </ul>
 * A value that does not parse, does not verify, or has expired is {@linkplain Decoded#invalid invalid}:
 * the request is then routed as if it had no cookie.
 */
public final class AffinityCookieCodec {

    public static final String COOKIE_NAME = "UNSTICK_ROUTE";

    private static final String VERSION = "v1";
    private static final int ROUTE_ID_CHARS = 8;
    private static final int CLIENT_ID_CHARS = 11;
    private static final int MAC_BYTES = 16;
    private static final int MAC_CHARS = 22;
    /** Clocks of replicas may differ a little; a cookie from further in the future is forged. */
    private static final long CLOCK_SKEW_SECONDS = 60;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A verified token. */
    public record Token(String routeId, String clientId, long issuedSeconds, long refreshedSeconds) {
    }

    /** Either a token or the reason it was rejected ({@code malformed}, {@code bad-signature}, {@code expired}). */
    public record Decoded(Token token, String invalid) {
    }

    private static final Decoded MALFORMED = new Decoded(null, "malformed");
    private static final Decoded BAD_SIGNATURE = new Decoded(null, "bad-signature");
    private static final Decoded EXPIRED = new Decoded(null, "expired");

    private final SecretKeySpec key;
    private final long maxIdleSeconds;
    private final long maxLifeSeconds;
    // Mac is not thread-safe and costly to create: one per IO thread, reused.
    private final ThreadLocal<Mac> macs;

    public AffinityCookieCodec(String secret, CookieSettings settings) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.maxIdleSeconds = settings.maxIdle().toSeconds();
        this.maxLifeSeconds = settings.maxLife().toSeconds();
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail at start, not on the first request, if HmacSHA256 is unavailable
    }

    /** The opaque id of a node, stable for a given secret. */
    public String routeIdFor(String nodeName) {
        return B64.encodeToString(hmac("route:" + nodeName, 6));
    }

    public String encode(Token t) {
        String payload = VERSION + '.' + t.routeId() + '.' + t.clientId() + '.'
                + Long.toString(t.issuedSeconds(), 36) + '.' + Long.toString(t.refreshedSeconds(), 36);
        return payload + '.' + B64.encodeToString(hmac(payload, MAC_BYTES));
    }

    public Decoded decode(String value, long nowSeconds) {
        return decode(value, nowSeconds, null);
    }

    /**
     * As {@link #decode(String, long)}, skipping the signature check when the value is exactly one that already
     * passed it (a keep-alive client sends the same cookie with every request). Expiry is always checked.
     *
     * @param verified a value this codec verified before, or null
     */
    public Decoded decode(String value, long nowSeconds, String verified) {
        if (value == null || value.length() > 128) {
            return MALFORMED;
        }
        // Fields by position rather than split(): this runs for every request, and split allocates an array and
        // six strings. The fixed-length fields are base64url, so a dot inside one is malformed, as before.
        int routeStart = VERSION.length() + 1;
        int clientStart = routeStart + ROUTE_ID_CHARS + 1;
        int issuedStart = clientStart + CLIENT_ID_CHARS + 1;
        if (!value.startsWith(VERSION + '.') || value.indexOf('.', routeStart) != clientStart - 1
                || value.indexOf('.', clientStart) != issuedStart - 1) {
            return MALFORMED;
        }
        int issuedEnd = value.indexOf('.', issuedStart);
        int macDot = value.lastIndexOf('.');
        if (issuedEnd < 0 || value.indexOf('.', issuedEnd + 1) != macDot || value.length() - macDot - 1 != MAC_CHARS) {
            return MALFORMED;
        }
        // Compare the canonical encoding, not decoded bytes: base64 ignores the last char's spare bits, and a
        // cookie that differs in them must not verify as the same value.
        if (!value.equals(verified)) {
            byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
            byte[] expected = B64.encode(hmac(ascii, macDot, MAC_BYTES));
            if (!constantTimeEquals(expected, ascii, macDot + 1)) {
                return BAD_SIGNATURE;
            }
        }
        long issued;
        long refreshed;
        try {
            issued = Long.parseLong(value, issuedStart, issuedEnd, 36);
            refreshed = Long.parseLong(value, issuedEnd + 1, macDot, 36);
        } catch (NumberFormatException e) {
            return MALFORMED; // signed by us, so only a bug gets here; still never fail the request
        }
        if (issued > nowSeconds + CLOCK_SKEW_SECONDS || refreshed < issued
                || (maxLifeSeconds > 0 && nowSeconds - issued > maxLifeSeconds)
                || (maxIdleSeconds > 0 && nowSeconds - refreshed > maxIdleSeconds)) {
            return EXPIRED;
        }
        return new Decoded(new Token(value.substring(routeStart, clientStart - 1),
                value.substring(clientStart, issuedStart - 1), issued, refreshed), null);
    }

    /**
     * With a max idle time the cookie must be re-issued while in use; doing it once a quarter of that time
     * keeps Set-Cookie off most responses.
     */
    public boolean needsRefresh(Token t, long nowSeconds) {
        return maxIdleSeconds > 0 && nowSeconds - t.refreshedSeconds() >= Math.max(1, maxIdleSeconds / 4);
    }

    /** A random client id of the right length. */
    public static String newClientId(long random) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (random >>> (8 * i));
        }
        return B64.encodeToString(b);
    }

    private byte[] hmac(String data, int bytes) {
        byte[] ascii = data.getBytes(StandardCharsets.US_ASCII);
        return hmac(ascii, ascii.length, bytes);
    }

    /** The first {@code bytes} bytes of the HMAC of {@code data[0, length)}. */
    private byte[] hmac(byte[] data, int length, int bytes) {
        Mac mac = macs.get();
        mac.update(data, 0, length);
        return Arrays.copyOf(mac.doFinal(), bytes);
    }

    /** {@code expected} equals {@code actual} from {@code offset} on, in time independent of where they differ. */
    private static boolean constantTimeEquals(byte[] expected, byte[] actual, int offset) {
        if (actual.length - offset != expected.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < expected.length; i++) {
            diff |= expected[i] ^ actual[offset + i];
        }
        return diff == 0;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
