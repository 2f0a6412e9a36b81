package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.SessionRecord;
import org.apache.catalina.Manager;
import org.apache.catalina.authenticator.Constants;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.security.Principal;
import java.util.HashMap;
import java.util.Map;

/** Turns store records into Tomcat sessions, without firing any session event. */
final class SessionLoader {

    private static final Log log = LogFactory.getLog(SessionLoader.class);

    private final Manager manager;
    private final AttributeCodec codec;
    private final Counters metrics;

    SessionLoader(Manager manager, AttributeCodec codec, Counters metrics) {
        this.manager = manager;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** A session registered with the manager under {@code localId}, for a request. */
    HazelcastSession register(SessionRecord record, String localId) {
        HazelcastSession session = fill(record, localId);
        session.setId(localId, false);
        return session;
    }

    /** A session known to no one, to deliver the destroyed events of a session the store expired. */
    HazelcastSession detached(SessionRecord record, String localId) {
        HazelcastSession session = fill(record, localId);
        session.nameWithoutRegistering(localId);
        return session;
    }

    private HazelcastSession fill(SessionRecord record, String localId) {
        HazelcastSession session = (HazelcastSession) manager.createEmptySession();
        session.load(record, principal(record), notes(record, localId));
        return session;
    }

    /**
     * The FORM login notes. The id note names the session as the login page saw it; this node's copy carries its own
     * route, so the note is renamed along, or FormAuthenticator would reject the login as a session fixation.
     */
    private Map<String, Object> notes(SessionRecord record, String localId) {
        Map<String, Object> notes = new HashMap<>();
        record.attributes().forEach((storedName, stored) -> {
            if (!HazelcastSession.isNoteKey(storedName)) {
                return;
            }
            String name = storedName.substring(HazelcastSession.NOTE_PREFIX.length());
            try {
                Object value = codec.deserialize(stored.bytes(), manager.getContext().getLoader().getClassLoader());
                if (Constants.SESSION_ID_NOTE.equals(name) && value instanceof String noted
                        && SessionIds.base(noted).equals(SessionIds.base(localId))) {
                    value = localId;
                }
                notes.put(name, value);
            } catch (Exception e) {
                metrics.deserializationFailure();
                log.error("Login note " + name + " of session " + record.id() + " cannot be restored; a FORM login"
                        + " in progress must start over", e);
            }
        });
        return notes;
    }

    private Principal principal(SessionRecord record) {
        if (record.principal() == null) {
            return null;
        }
        try {
            return (Principal) codec.deserialize(record.principal(),
                    manager.getContext().getLoader().getClassLoader());
        } catch (Exception e) {
            metrics.deserializationFailure();
            log.error("The login of session " + record.id() + " cannot be restored (is the principal class allowed"
                    + " by deserializationFilter?); the user must log in again", e);
            return null;
        }
    }
}
