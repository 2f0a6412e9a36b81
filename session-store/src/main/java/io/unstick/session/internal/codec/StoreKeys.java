package io.unstick.session.internal.codec;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key a session is stored under: a keyed hash of its id, never the id. Listing the store gives nothing a client
 * could send as a cookie, and no one without the cluster secret can tell which key belongs to which id.
 *
 * <pre>
 * key = base64url( HMAC-SHA256( K_ids, id without route )[0..16) )    22 characters, 128 bits
 * K_ids = HKDF-Expand( secret, "store keys|" + map name, 32 )
 *
 * id (cookie)                                key
 * 2F6C...41B7.node1                          (22 characters, e.g. "mPZ2y0Yl4ILGkqZ0dvQW6A")
 * 2F6C...41B7.node2                          the same: the route is not part of the key
 * </pre>
 *
 * During a rotation ({@code previousStoreSecret}) a session may still live under the key of the previous secret:
 * {@link #previous} gives it, for a second look-up.
 */
public final class StoreKeys {

    private static final int KEY_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ThreadLocal<Mac> primary;
    private final ThreadLocal<Mac> previous;

    public StoreKeys(StoreSecret primary, StoreSecret previous, String mapName) {
        this.primary = macOf(primary, mapName);
        this.previous = previous == null ? null : macOf(previous, mapName);
    }

    /** Each thread keeps its own initialized MAC (a Mac is not thread-safe; initializing one per call is not free). */
    private static ThreadLocal<Mac> macOf(StoreSecret secret, String mapName) {
        byte[] key = secret.derive("store keys|" + mapName, 32);
        return ThreadLocal.withInitial(() -> Hkdf.mac(key));
    }

    /** The key of the session whose id (without route) is {@code idBase}. */
    public String of(String idBase) {
        return keyWith(primary, idBase);
    }

    /** Its key under the previous secret, or null when none is configured. */
    public String previous(String idBase) {
        return previous == null ? null : keyWith(previous, idBase);
    }

    public boolean hasPrevious() {
        return previous != null;
    }

    private static String keyWith(ThreadLocal<Mac> mac, String idBase) {
        byte[] hash = mac.get().doFinal(idBase.getBytes(StandardCharsets.UTF_8)); // doFinal resets the MAC
        return BASE64URL.encodeToString(Arrays.copyOf(hash, KEY_BYTES));
    }
}
