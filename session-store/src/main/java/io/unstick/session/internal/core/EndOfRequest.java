package io.unstick.session.internal.core;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.SessionCipher;
import io.unstick.session.internal.codec.UnserializableAttributeException;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

/**
 * The delta that saves what requests changed in a session: each attribute they set or read, unless its bytes are
 * those the store holds (same SHA-256 of the serialized value: a read cart left as it was is not written back, which
 * would cost a write per request and could overwrite another node's change); every removal; the metadata when it
 * changed or the session is new; the access time. Set values that cannot change reuse the bytes {@code setAttribute}
 * made (see {@link RequestChanges}); the rest are serialized here, once.
 *
 * <p>What is written leaves the node sealed ({@link SessionCipher}): one encryption per attribute actually written,
 * and the login. The "unchanged" check compares digests of the serialized (plain) bytes, since two sealings of the
 * same value differ by their random nonce. A new session also stores its id, sealed, so that any node can deliver
 * its expiry under its real id.
 */
public final class EndOfRequest {

    private static final System.Logger LOG = System.getLogger(EndOfRequest.class.getName());

    private final AttributeCodec codec;
    private final Counters counters;
    private final String node;
    private final boolean writerKeepsCopy;

    /**
     * @param node            this node's id in the store (the writer)
     * @param writerKeepsCopy this node keeps its sessions after the request (hybrid): the store tells it of other
     *                        nodes' changes
     */
    public EndOfRequest(AttributeCodec codec, Counters counters, String node, boolean writerKeepsCopy) {
        this.codec = codec;
        this.counters = counters;
        this.node = node;
        this.writerKeepsCopy = writerKeepsCopy;
    }

    /**
     * What one commit writes.
     *
     * @param delta   the delta to send, or null when nothing but the idle clock may need a refresh
     * @param digests the digest of each attribute the delta writes, for {@link StoredState#committed}
     */
    public record Plan(SessionDelta delta, Map<String, byte[]> digests) {

        public static final Plan NOTHING = new Plan(null, Map.of());
    }

    public Plan plan(LiveSession session, RequestChanges.Taken taken, long accessedAt, int maxInactiveSeconds) {
        String key = session.storeKey();
        StoredState stored = session.stored();
        SessionDelta delta = null;
        Map<String, byte[]> digests = Map.of();
        for (Map.Entry<String, RequestChanges.Encoded> candidate : taken.candidates().entrySet()) {
            String name = candidate.getKey();
            Object value = session.valueOf(name);
            if (value == null) {
                continue; // removed meanwhile by another request of this node, which records the removal
            }
            byte[] bytes = candidate.getValue().bytesFor(value);
            if (bytes == null) {
                bytes = serialize(key, name, value);
                if (bytes == null) {
                    continue;
                }
            }
            byte[] digest = AttributeCodec.digest(bytes);
            if (stored.holds(name, digest)) {
                continue;
            }
            if (delta == null) {
                delta = newDelta(key, session, stored);
                digests = new HashMap<>();
            }
            delta.change(name, session.cipher().seal(name, bytes), stored.version(name));
            digests.put(name, digest);
        }
        for (String name : taken.removed()) {
            if (delta == null) {
                delta = newDelta(key, session, stored);
            }
            delta.remove(name, stored.version(name));
        }
        if (!stored.isStored() || taken.metadata()) {
            if (delta == null) {
                delta = newDelta(key, session, stored);
            }
            delta.metadata(metadata(session, key, maxInactiveSeconds));
        }
        if (!stored.isStored()) {
            delta.change(StoredNames.SESSION_ID, StoredValues.sealId(session.cipher(), SessionIds.base(session.id())),
                    SessionDelta.ABSENT);
        }
        if (delta == null) {
            return Plan.NOTHING;
        }
        delta.accessedAt(accessedAt, IdlePolicy.ttlMillis(maxInactiveSeconds));
        return new Plan(delta, digests);
    }

    private SessionDelta newDelta(String key, LiveSession session, StoredState stored) {
        SessionDelta delta = stored.isStored() ? SessionDelta.updating(key, node)
                : SessionDelta.creating(key, session.creationTime(), node);
        return writerKeepsCopy ? delta.keptByWriter() : delta;
    }

    /** It serialized at setAttribute, so the request made it unserializable afterwards: keep the stored value. */
    private byte[] serialize(String key, String name, Object value) {
        try {
            return codec.serialize(name, value);
        } catch (UnserializableAttributeException e) {
            counters.serializationFailure();
            LOG.log(Level.ERROR, e.getMessage() + "; it is not saved (session " + key
                    + " keeps its previously stored value, if any)", e);
            return null;
        }
    }

    private SessionMetadata metadata(LiveSession session, String key, int maxInactiveSeconds) {
        Object principal = session.principal();
        byte[] bytes = null;
        if (principal != null) {
            try {
                bytes = session.cipher().seal(StoredNames.PRINCIPAL, codec.serialize("(principal)", principal));
            } catch (UnserializableAttributeException e) {
                counters.serializationFailure();
                LOG.log(Level.ERROR, "The login of session " + key + " cannot be stored (its principal class "
                        + principal.getClass().getName() + " is not serializable); after a failover the user logs"
                        + " in again", e);
            }
        }
        return new SessionMetadata(maxInactiveSeconds, bytes == null ? null : session.authType(), bytes);
    }
}
