package io.unstick.session.internal.codec;

/**
 * Encryption of what a session stores (attribute values, the login, FORM notes, the session's id), under keys
 * derived from the cluster secret. Each session gets its own key ({@link #forSession}), so that a stored value is
 * bound to the session it belongs to, and so that AES-GCM's random 96-bit nonces stay far below their limit (NIST
 * SP 800-38D allows 2^32 encryptions per key with random nonces; a cluster-wide key would reach that within days
 * at a few thousand writes a second, one session's key never does).
 *
 * <pre>
 * K_values  = HKDF-Expand( secret, "values|" + map name, 32 )
 * K_session = HKDF-Expand( K_values, "session|" + store key, 32 )        (one HMAC per session load)
 * key id    = HKDF-Expand( secret, "key id|" + map name, 4 )             which secret sealed a value
 * </pre>
 */
public final class StoreCipher {

    private final SealingKey primary;
    private final SealingKey previous;

    public StoreCipher(StoreSecret primary, StoreSecret previous, String mapName) {
        this.primary = new SealingKey(primary, mapName);
        this.previous = previous == null ? null : new SealingKey(previous, mapName);
    }

    /** Seals and opens the values of the session stored under {@code storeKey}. */
    public SessionCipher forSession(String storeKey) {
        return new SessionCipher(storeKey, primary, previous);
    }

    /** One secret's value key and the id that marks what it sealed. */
    static final class SealingKey {
        final byte[] keyId;
        private final byte[] valuesKey;

        SealingKey(StoreSecret secret, String mapName) {
            this.keyId = secret.derive("key id|" + mapName, SessionCipher.KEY_ID_BYTES);
            this.valuesKey = secret.derive("values|" + mapName, 32);
        }

        byte[] sessionKey(String storeKey) {
            return Hkdf.expand(valuesKey, "session|" + storeKey, 32);
        }
    }
}
