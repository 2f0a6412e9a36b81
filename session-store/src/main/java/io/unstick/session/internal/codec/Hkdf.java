package io.unstick.session.internal.codec;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): turns the cluster secret into independent keys, one per purpose. The JDK has
 * no HKDF before Java 24; this is its two steps over the JDK's HMAC, checked against the RFC's test vectors.
 */
final class Hkdf {

    static final String HMAC_SHA256 = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /** Step 1: a pseudorandom key from the input keying material. */
    static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
        return hmac(salt.length == 0 ? new byte[HASH_LENGTH] : salt, inputKeyMaterial);
    }

    /** Step 2: {@code length} bytes of output keying material for one purpose ({@code info}). */
    static byte[] expand(byte[] pseudorandomKey, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length must be 1.." + 255 * HASH_LENGTH + ", was " + length);
        }
        Mac mac = mac(pseudorandomKey);
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        int written = 0;
        for (int block = 1; written < length; block++) {
            mac.update(previous);
            mac.update(info);
            mac.update((byte) block);
            previous = mac.doFinal();
            int n = Math.min(previous.length, length - written);
            System.arraycopy(previous, 0, out, written, n);
            written += n;
        }
        Arrays.fill(previous, (byte) 0);
        return out;
    }

    static byte[] expand(byte[] pseudorandomKey, String info, int length) {
        return expand(pseudorandomKey, info.getBytes(StandardCharsets.UTF_8), length);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
