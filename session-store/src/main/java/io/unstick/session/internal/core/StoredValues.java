package io.unstick.session.internal.core;

import io.unstick.session.internal.codec.RefusedValueException;
import io.unstick.session.internal.codec.SessionCipher;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens the sealed values of a stored session, all at once when it is loaded: a value that does not open (altered
 * or forged in the store, moved from another session or attribute, sealed under a secret this node lacks) is
 * treated as absent — never decrypted into anything, never deserialized — and counted; the session's refused values
 * are logged in one line, with its store key (never its id). And re-seals a record's values for a new store key, when
 * the session's id changes.
 */
public final class StoredValues {

    private static final System.Logger LOG = System.getLogger(StoredValues.class.getName());

    private final Counters counters;

    public StoredValues(Counters counters) {
        this.counters = counters;
    }

    /**
     * A stored session's values in plain bytes (still serialized).
     *
     * @param attributes application attributes and FORM notes, by stored name, with the version that wrote them
     * @param principal  the serialized principal, or null (none, or refused)
     * @param idBase     the session's id without route, or null when it was refused or never stored
     * @param refused    the stored names whose values did not open
     */
    public record Opened(Map<String, StoredAttribute> attributes, byte[] principal, String idBase,
                         List<String> refused) {
    }

    /** Opens every value of {@code record} with the cipher of its store key. */
    public Opened open(SessionRecord record, SessionCipher cipher) {
        Map<String, StoredAttribute> attributes = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>(0);
        String idBase = null;
        for (Map.Entry<String, StoredAttribute> stored : record.attributes().entrySet()) {
            String name = stored.getKey();
            try {
                byte[] plain = cipher.open(name, stored.getValue().bytes());
                if (name.equals(StoredNames.SESSION_ID)) {
                    idBase = new String(plain, StandardCharsets.UTF_8);
                } else {
                    attributes.put(name, new StoredAttribute(plain, stored.getValue().version()));
                }
            } catch (RefusedValueException e) {
                refused.add(name);
            }
        }
        byte[] principal = null;
        if (record.principal() != null) {
            try {
                principal = cipher.open(StoredNames.PRINCIPAL, record.principal());
            } catch (RefusedValueException e) {
                refused.add(StoredNames.PRINCIPAL);
            }
        }
        if (!refused.isEmpty()) {
            refused(record.id(), refused);
        }
        if (cipher.openedWithPrevious()) {
            counters.previousSecretUse();
        }
        return new Opened(attributes, principal, idBase, Collections.unmodifiableList(refused));
    }

    /** The sealed form of a session id (without route), as {@link #open} reads it back. */
    public static byte[] sealId(SessionCipher cipher, String idBase) {
        return cipher.seal(StoredNames.SESSION_ID, idBase.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * How a record's values move to another store key: each is opened with the old key's cipher and sealed with the
     * new one's; the sealed id becomes the new id. A value that does not open is dropped (and counted and logged).
     */
    public SessionRecord.Reseal reseal(SessionCipher from, SessionCipher to, String newIdBase) {
        return (name, sealed) -> {
            if (name.equals(StoredNames.SESSION_ID)) {
                return sealId(to, newIdBase);
            }
            try {
                return to.seal(name, from.open(name, sealed));
            } catch (RefusedValueException e) {
                refused(from.storeKey(), List.of(name));
                return null;
            }
        };
    }

    private void refused(String storeKey, List<String> names) {
        counters.valuesRefused(names.size());
        LOG.log(Level.WARNING, "Session " + storeKey + ": stored values " + names.stream().map(StoredValues::printable)
                .toList() + " do not open (altered or forged in the store, or sealed under a secret this node does"
                + " not hold); they are treated as absent and never deserialized");
    }

    /** Reserved names begin with NUL; a log line shows it as "\0". */
    private static String printable(String name) {
        return name.replace("\u0000", "\\0");
    }
}
