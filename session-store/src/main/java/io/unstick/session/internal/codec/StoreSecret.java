package io.unstick.session.internal.codec;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * One cluster secret: the material every key of the session store derives from (HKDF, {@link Hkdf}), and where it
 * came from, for log lines. It never leaves the node; {@link #toString} names only its origin.
 */
public final class StoreSecret {

    /** Shortest secret accepted: 32 characters, such as the 44 of {@code openssl rand -base64 32}. */
    public static final int MIN_LENGTH = 32;

    private static final byte[] SALT = "unstick session store v1".getBytes(StandardCharsets.UTF_8);
    private static final String DEVELOPMENT = "unstick development key - known to everyone - ";

    /** Where a secret comes from. */
    public enum Kind {
        /** Given by the operator, the same on every node. */
        CONFIGURED,
        /** Made up by this node, known to nobody else. */
        RANDOM,
        /** The publicly known development key. */
        DEVELOPMENT
    }

    private final byte[] pseudorandomKey;
    private final String origin;
    private final Kind kind;

    private StoreSecret(byte[] material, String origin, Kind kind) {
        this.pseudorandomKey = Hkdf.extract(SALT, material);
        this.origin = origin;
        this.kind = kind;
    }

    /**
     * @param origin where the value came from ({@code storeSecret}, {@code UNSTICK_STORE_SECRET}, a file), named in
     *               the message when it is refused
     * @throws IllegalArgumentException when the value is shorter than {@link #MIN_LENGTH} characters or is an
     *                                  unresolved {@code ${...}} placeholder
     */
    public static StoreSecret of(String value, String origin) {
        String secret = value.strip();
        if (secret.startsWith("${") && secret.endsWith("}")) {
            throw new IllegalArgumentException(origin + " is the unresolved placeholder " + secret
                    + ": the variable it names is not set");
        }
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(origin + " must be at least " + MIN_LENGTH + " characters (for example"
                    + " the output of 'openssl rand -base64 32'), but has " + secret.length());
        }
        return new StoreSecret(secret.getBytes(StandardCharsets.UTF_8), origin, Kind.CONFIGURED);
    }

    /** A secret no one else knows: for a store that only this node's member holds. */
    public static StoreSecret random() {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        return new StoreSecret(material, "a random key of this node", Kind.RANDOM);
    }

    /**
     * The publicly known development key of a cluster: every member on this machine derives the same one, and so
     * can anyone who reads this source. Only for a store that cannot be reached from another machine.
     */
    public static StoreSecret development(String clusterName) {
        return new StoreSecret((DEVELOPMENT + clusterName).getBytes(StandardCharsets.UTF_8),
                "the development key of cluster " + clusterName, Kind.DEVELOPMENT);
    }

    /** Key material for one purpose, independent of every other purpose's. */
    byte[] derive(String purpose, int length) {
        return Hkdf.expand(pseudorandomKey, purpose, length);
    }

    public String origin() {
        return origin;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "StoreSecret[" + origin + "]";
    }
}
