package io.unstick.benchmarks.session;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.core.IdlePolicy;
import io.unstick.session.internal.core.SessionDelta;

import java.util.Map;
import java.util.Set;

/**
 * The delta computation of {@code SessionCommitter.write}, on the store's own codec and types but without a
 * Tomcat session around them: each attribute the request set or read (a read one may have been mutated in
 * place) is re-serialized and hashed; only those whose hash differs from the stored one go into the delta.
 * Keep in step with {@code SessionCommitter.write}.
 */
final class EndOfRequest {

    private final AttributeCodec codec;
    private final String node;

    EndOfRequest(AttributeCodec codec, String node) {
        this.codec = codec;
        this.node = node;
    }

    /**
     * @param candidates the names the request set, or read with a mutable value
     * @param writtenDigests receives the digests of what the delta writes, as the session keeps them
     */
    SessionDelta delta(LoadedSession session, Set<String> candidates, long accessedAt,
                       Map<String, byte[]> writtenDigests) {
        SessionDelta delta = SessionDelta.updating(session.id(), node);
        for (String name : candidates) {
            Object value = session.value(name);
            if (value == null) {
                continue;
            }
            byte[] bytes = codec.serialize(name, value);
            byte[] digest = AttributeCodec.digest(bytes);
            if (AttributeCodec.sameDigest(digest, session.storedDigest(name))) {
                continue;
            }
            delta.change(name, bytes, session.baseVersion(name));
            writtenDigests.put(name, digest);
        }
        return delta.accessedAt(accessedAt, IdlePolicy.ttlMillis(session.maxInactiveSeconds()));
    }
}
