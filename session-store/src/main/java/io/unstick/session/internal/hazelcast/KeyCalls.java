package io.unstick.session.internal.hazelcast;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import io.unstick.session.internal.core.SessionRecord;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends the store's entry processors to the owner of a session's key.
 *
 * <p>Why not {@code IMap.submitToKey} on a member: it wraps the invocation in a future that also completes itself on
 * Hazelcast's default asynchronous executor — the common ForkJoinPool, or a <em>new thread per call</em> where that
 * pool has a single thread (2 CPUs or fewer) — and decodes the answer there, while the waiting request thread reads
 * and decodes the same answer itself. Nobody waits for that second completion, so a member sends the processor with
 * the map's own invocation ({@code executeOnKeyInternal}, what {@code submitToKey} calls) and the request thread
 * decodes the answer once. Same operation, owner, backups, deadline and failures; a client (the
 * {@link Topology#CLIENT} topology) uses the public API.
 */
final class KeyCalls {

    private static final System.Logger LOG = System.getLogger(KeyCalls.class.getName());
    /** The map's own invocation under {@code submitToKey}: internal, so checked before it is used. */
    static final String INTERNAL_CALL = "executeOnKeyInternal";

    private final IMap<String, SessionRecord> sessions;
    /** The member's own invocation, or null on a client or a Hazelcast without it. */
    private final MemberInvocation member;

    KeyCalls(IMap<String, SessionRecord> sessions) {
        this.sessions = sessions;
        this.member = memberInvocation(sessions);
    }

    private static MemberInvocation memberInvocation(IMap<String, SessionRecord> sessions) {
        try {
            return MemberInvocation.of(sessions);
        } catch (LinkageError e) {
            LOG.log(System.Logger.Level.INFO, "Store calls use IMap.submitToKey: this Hazelcast's internal map"
                    + " invocation does not link (" + e + ")");
            return null;
        }
    }

    <R> StoreCall<R> submit(String key, EntryProcessor<String, SessionRecord, R> processor) {
        return member == null ? StoreCall.of(sessions.submitToKey(key, processor)) : member.submit(key, processor);
    }

    /**
     * Whether {@code proxyClass} has the internal call with the signature this class was compiled against: a newer
     * Hazelcast (the Spring Boot starter only warns about one) may have changed it, and the store then uses the
     * public API rather than fail every call with a linkage error.
     */
    static boolean hasInternalCall(Class<?> proxyClass) {
        try {
            return proxyClass.getMethod(INTERNAL_CALL, Object.class, EntryProcessor.class).getReturnType()
                    == InternalCompletableFuture.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The member-side path, in its own class: it links only when a member uses it. */
    private record MemberInvocation(MapProxyImpl<String, SessionRecord> proxy, SerializationService serialization) {

        static MemberInvocation of(IMap<String, SessionRecord> sessions) {
            if (!(sessions instanceof MapProxyImpl<String, SessionRecord> proxy)) {
                return null; // a client
            }
            if (!hasInternalCall(MapProxyImpl.class)) {
                LOG.log(System.Logger.Level.INFO, "This Hazelcast has no MapProxyImpl." + INTERNAL_CALL
                        + "(Object, EntryProcessor) returning InternalCompletableFuture; store calls use"
                        + " IMap.submitToKey (one more thread hand-off per call)");
                return null;
            }
            return new MemberInvocation(proxy, proxy.getNodeEngine().getSerializationService());
        }

        <R> StoreCall<R> submit(String key, EntryProcessor<String, SessionRecord, R> processor) {
            InternalCompletableFuture<Data> answer = proxy.executeOnKeyInternal(key, processor);
            return timeoutNanos -> decode(answer.get(timeoutNanos, TimeUnit.NANOSECONDS));
        }

        /** An answer that cannot be decoded fails the call, as {@code submitToKey}'s future fails it. */
        private <R> R decode(Data answer) throws ExecutionException {
            try {
                return serialization.toObject(answer);
            } catch (HazelcastSerializationException e) {
                throw new ExecutionException(e);
            }
        }
    }
}
