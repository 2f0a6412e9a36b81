package io.unstick.session.internal.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The secrets of a session store, found once at start: the one that seals and keys everything written
 * ({@code storeSecret}, {@code storeSecretFile} or the environment variable {@code UNSTICK_STORE_SECRET}), and
 * optionally a second one that is still accepted for reading ({@code previousStoreSecret},
 * {@code previousStoreSecretFile}, {@code UNSTICK_STORE_SECRET_PREVIOUS}), for a rotation without downtime.
 *
 * <p>Without a secret, only a store no other machine can reach may start:
 * <pre>
 * where the store is                                  without a secret
 * reachable from the network                          refused, naming storeSecret
 * this node's own member on loopback, alone           a random key (nobody else needs it; the store ends with it)
 * several members (or a client), all on loopback      the publicly known development key, with a warning
 * </pre>
 *
 * @param primary  seals and keys everything written
 * @param previous also accepted for reading, or null
 */
public record StoreSecrets(StoreSecret primary, StoreSecret previous) {

    public static final String VARIABLE = "UNSTICK_STORE_SECRET";
    public static final String PREVIOUS_VARIABLE = "UNSTICK_STORE_SECRET_PREVIOUS";

    private static final System.Logger LOG = System.getLogger(StoreSecrets.class.getName());

    /** Who can reach the store, which decides what happens without a secret. */
    public enum Reach {
        /** Only this node's own member, on loopback. */
        THIS_MEMBER_ON_LOOPBACK,
        /** Several processes, but all on this machine's loopback. */
        LOOPBACK,
        /** Other machines. */
        NETWORK
    }

    /**
     * The configured value of one secret, from any of its three sources.
     *
     * @param value     the Manager attribute, or null
     * @param file      the path of the file attribute, or null
     * @param variable  the environment variable's value, or null
     */
    public record Sources(String value, String file, String variable) {
    }

    /**
     * @throws IllegalArgumentException naming the attribute when a secret is missing where it must be given, is too
     *                                  short, is given twice, or its file cannot be read
     */
    public static StoreSecrets resolve(Sources current, Sources previousSources, Reach reach, String clusterName) {
        StoreSecret primary = one(current, "storeSecret", "storeSecretFile", VARIABLE);
        StoreSecret previous = one(previousSources, "previousStoreSecret", "previousStoreSecretFile",
                PREVIOUS_VARIABLE);
        if (primary == null) {
            if (previous != null) {
                throw new IllegalArgumentException("previousStoreSecret (or its file or " + PREVIOUS_VARIABLE
                        + ") is set but storeSecret is not: the previous secret is only read next to a current one");
            }
            primary = switch (reach) {
                case THIS_MEMBER_ON_LOOPBACK -> StoreSecret.random();
                case LOOPBACK -> StoreSecret.development(clusterName);
                case NETWORK -> throw new IllegalArgumentException("storeSecret is required: the session store can be"
                        + " reached from other machines, and what it holds is keyed and encrypted under that secret."
                        + " Set storeSecret (or storeSecretFile, or the environment variable " + VARIABLE + ") to the"
                        + " same value of at least " + StoreSecret.MIN_LENGTH + " characters on every node, for"
                        + " example the output of 'openssl rand -base64 32'");
            };
        }
        return new StoreSecrets(primary, previous);
    }

    private static StoreSecret one(Sources sources, String attribute, String fileAttribute, String variable) {
        boolean value = present(sources.value());
        boolean file = present(sources.file());
        if (value && file) {
            throw new IllegalArgumentException("Set either " + attribute + " or " + fileAttribute + ", not both");
        }
        if (value) {
            return StoreSecret.of(sources.value(), attribute);
        }
        if (file) {
            return StoreSecret.of(read(Path.of(sources.file().strip()), fileAttribute), fileAttribute + " "
                    + sources.file().strip());
        }
        if (present(sources.variable())) {
            return StoreSecret.of(sources.variable(), "the environment variable " + variable);
        }
        return null;
    }

    private static String read(Path file, String attribute) {
        try {
            String secret = Files.readString(file);
            warnIfOthersCanRead(file, attribute);
            return secret;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(attribute + " " + file + " cannot be read: " + e, e);
        }
    }

    private static void warnIfOthersCanRead(Path file, String attribute) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.log(System.Logger.Level.WARNING, attribute + " " + file + " can be read by every user of this"
                        + " machine; make it readable by Tomcat's user only (chmod 600)");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** Keys of the session map {@code mapName}. */
    public StoreKeys keys(String mapName) {
        return new StoreKeys(primary, previous, mapName);
    }

    /** Encryption of the session map {@code mapName}'s values. */
    public StoreCipher cipher(String mapName) {
        return new StoreCipher(primary, previous, mapName);
    }
}
