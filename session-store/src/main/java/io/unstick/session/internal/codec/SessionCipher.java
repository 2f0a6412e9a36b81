package io.unstick.session.internal.codec;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals (encrypts and authenticates) and opens the stored values of one session, with AES-256-GCM under the
 * session's own key. The associated data binds each value to its store key and its name, so a value moved to
 * another attribute or another session fails to open. A value that fails to open is never returned, so it never
 * reaches Java deserialization.
 *
 * <pre>
 * byte  0       format (1)
 * bytes 1..4    key id of the secret that sealed it
 * bytes 5..16   random 96-bit nonce
 * bytes 17..    AES-GCM ciphertext, then its 128-bit tag        (33 bytes more than the plaintext)
 * associated data: "unstick/1" 0x00 store key 0x00 name
 * </pre>
 */
public final class SessionCipher {

    static final int KEY_ID_BYTES = 4;
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = 1 + KEY_ID_BYTES + NONCE_BYTES;
    /** The smallest sealed value: a header and a tag around nothing. */
    static final int OVERHEAD = HEADER + TAG_BITS / 8;
    private static final String AES_GCM = "AES/GCM/NoPadding";

    /** A Cipher is not thread-safe and costly to look up; each thread keeps one and re-initializes it per value. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(SessionCipher::newCipher);
    /**
     * One generator per thread: a shared SecureRandom would serialize every request that writes. DRBG instances keep
     * their own state (the default NativePRNG shares one lock among all instances).
     */
    private static final ThreadLocal<SecureRandom> NONCES = ThreadLocal.withInitial(SessionCipher::newRandom);

    private final String storeKey;
    private final StoreCipher.SealingKey primary;
    private final SecretKeySpec primaryKey;
    private final StoreCipher.SealingKey previous;
    private volatile SecretKeySpec previousKey;
    private volatile boolean openedWithPrevious;

    SessionCipher(String storeKey, StoreCipher.SealingKey primary, StoreCipher.SealingKey previous) {
        this.storeKey = storeKey;
        this.primary = primary;
        this.primaryKey = new SecretKeySpec(primary.sessionKey(storeKey), "AES");
        this.previous = previous;
    }

    /** The store key these values are bound to. */
    public String storeKey() {
        return storeKey;
    }

    /** Encrypts and authenticates {@code plain}, the value stored under {@code name}. */
    public byte[] seal(String name, byte[] plain) {
        byte[] sealed = new byte[OVERHEAD + plain.length];
        sealed[0] = FORMAT;
        System.arraycopy(primary.keyId, 0, sealed, 1, KEY_ID_BYTES);
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.get().nextBytes(nonce);
        System.arraycopy(nonce, 0, sealed, 1 + KEY_ID_BYTES, NONCE_BYTES);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, primaryKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(name));
            cipher.doFinal(plain, 0, plain.length, sealed, HEADER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal " + name + " of session " + storeKey, e);
        }
        return sealed;
    }

    /**
     * Decrypts a value {@link #seal} made for this session and name.
     *
     * @throws RefusedValueException when it was not (altered, forged, moved from another attribute or session,
     *                               sealed under a secret this node does not hold, or not sealed at all)
     */
    public byte[] open(String name, byte[] sealed) throws RefusedValueException {
        if (sealed == null || sealed.length < OVERHEAD || sealed[0] != FORMAT) {
            throw new RefusedValueException(name, storeKey, "it is not a sealed value");
        }
        SecretKeySpec key = keyFor(sealed, name);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, sealed, 1 + KEY_ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(associatedData(name));
            return cipher.doFinal(sealed, HEADER, sealed.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new RefusedValueException(name, storeKey, "it fails authentication (altered, forged, or moved"
                    + " from another attribute or session)");
        } catch (GeneralSecurityException e) {
            throw new RefusedValueException(name, storeKey, "it cannot be decrypted: " + e);
        }
    }

    /** True once a value of this session was opened with the previous secret (a rotation is not finished). */
    public boolean openedWithPrevious() {
        return openedWithPrevious;
    }

    private SecretKeySpec keyFor(byte[] sealed, String name) throws RefusedValueException {
        if (Arrays.equals(sealed, 1, 1 + KEY_ID_BYTES, primary.keyId, 0, KEY_ID_BYTES)) {
            return primaryKey;
        }
        if (previous != null && Arrays.equals(sealed, 1, 1 + KEY_ID_BYTES, previous.keyId, 0, KEY_ID_BYTES)) {
            SecretKeySpec key = previousKey;
            if (key == null) {
                key = new SecretKeySpec(previous.sessionKey(storeKey), "AES");
                previousKey = key;
            }
            openedWithPrevious = true;
            return key;
        }
        throw new RefusedValueException(name, storeKey, "it was sealed under a secret this node does not hold"
                + " (is storeSecret the same on every node? is a rotation under way without previousStoreSecret?)");
    }

    private byte[] associatedData(String name) {
        byte[] key = storeKey.getBytes(StandardCharsets.UTF_8);
        byte[] attribute = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(ASSOCIATED_PREFIX.length + key.length + 1 + attribute.length)
                .put(ASSOCIATED_PREFIX).put(key).put((byte) 0).put(attribute).array();
    }

    private static final byte[] ASSOCIATED_PREFIX = "unstick/1\0".getBytes(StandardCharsets.UTF_8);

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(AES_GCM);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException(AES_GCM + " is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "SessionCipher[" + storeKey + "]";
    }
}
