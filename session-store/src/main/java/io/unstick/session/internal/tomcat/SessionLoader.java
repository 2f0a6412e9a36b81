package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.StoreCipher;
import io.unstick.session.internal.codec.SessionCipher;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.StoredAttribute;
import io.unstick.session.internal.core.StoredNames;
import io.unstick.session.internal.core.StoredValues;
import org.apache.catalina.Manager;
import org.apache.catalina.authenticator.Constants;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.security.Principal;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns store records into Tomcat sessions, without firing any session event. Every stored value is opened first
 * ({@link StoredValues}): one that does not open is absent from the session and never deserialized.
 */
final class SessionLoader {

    private static final Log log = LogFactory.getLog(SessionLoader.class);

    private final Manager manager;
    private final AttributeCodec codec;
    private final StoreCipher ciphers;
    private final StoredValues values;
    private final Counters metrics;

    SessionLoader(Manager manager, AttributeCodec codec, StoreCipher ciphers, Counters metrics) {
        this.manager = manager;
        this.codec = codec;
        this.ciphers = ciphers;
        this.values = new StoredValues(metrics);
        this.metrics = metrics;
    }

    /** A session registered with the manager under {@code localId}, for a request. */
    HazelcastSession register(SessionRecord record, String localId) {
        SessionCipher cipher = ciphers.forSession(record.id());
        HazelcastSession session = fill(record, cipher, values.open(record, cipher), localId);
        session.setId(localId, false);
        return session;
    }

    /**
     * A session known to no one, to deliver the destroyed events of a session the store expired, under its real
     * id with this node's route.
     *
     * @throws IllegalStateException when the record's id does not open: this node cannot deliver the expiry
     */
    HazelcastSession detached(SessionRecord record, String jvmRoute) {
        SessionCipher cipher = ciphers.forSession(record.id());
        StoredValues.Opened opened = values.open(record, cipher);
        if (opened.idBase() == null) {
            throw new IllegalStateException("Expired session " + record.id() + " has no id this node can open;"
                    + " another node may deliver its expiry");
        }
        String localId = SessionIds.withRoute(opened.idBase(), jvmRoute);
        HazelcastSession session = fill(record, cipher, opened, localId);
        session.nameWithoutRegistering(localId);
        return session;
    }

    private HazelcastSession fill(SessionRecord record, SessionCipher cipher, StoredValues.Opened opened,
                                  String localId) {
        HazelcastSession session = (HazelcastSession) manager.createEmptySession();
        session.load(record, cipher, opened.attributes(), principal(record, opened.principal()),
                notes(record, opened.attributes(), localId));
        return session;
    }

    /**
     * The FORM login notes. The id note names the session as the login page saw it; this node's copy carries its own
     * route, so the note is renamed along, or FormAuthenticator would reject the login as a session fixation.
     */
    private Map<String, Object> notes(SessionRecord record, Map<String, StoredAttribute> attributes, String localId) {
        Map<String, Object> notes = new HashMap<>();
        attributes.forEach((storedName, stored) -> {
            if (!StoredNames.isNote(storedName)) {
                return;
            }
            String name = storedName.substring(StoredNames.NOTE_PREFIX.length());
            try {
                Object value = codec.deserialize(stored.bytes(), manager.getContext().getLoader().getClassLoader());
                if (Constants.SESSION_ID_NOTE.equals(name) && value instanceof String noted
                        && SessionIds.base(noted).equals(SessionIds.base(localId))) {
                    value = localId;
                }
                notes.put(name, value);
            } catch (Exception e) {
                metrics.deserializationFailure();
                log.error("Login note " + name + " of session " + record.id() + " cannot be restored ("
                        + AttributeCodec.describe(e) + "); a FORM login in progress must start over");
            }
        });
        return notes;
    }

    private Principal principal(SessionRecord record, byte[] principal) {
        if (principal == null) {
            return null;
        }
        try {
            return (Principal) codec.deserialize(principal, manager.getContext().getLoader().getClassLoader());
        } catch (Exception e) {
            metrics.deserializationFailure();
            log.error("The login of session " + record.id() + " cannot be restored (" + AttributeCodec.describe(e)
                    + "; is the principal class allowed by deserializationFilter?); the user must log in again");
            return null;
        }
    }
}
