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

    private final IMap<String, SessionRecord> sessions;
    /** The member's own map proxy, or null on a client. */
    private final MapProxyImpl<String, SessionRecord> member;
    private final SerializationService serialization;

    KeyCalls(IMap<String, SessionRecord> sessions) {
        this.sessions = sessions;
        if (sessions instanceof MapProxyImpl<String, SessionRecord> proxy) {
            this.member = proxy;
            this.serialization = proxy.getNodeEngine().getSerializationService();
        } else {
            this.member = null;
            this.serialization = null;
        }
    }

    <R> StoreCall<R> submit(String key, EntryProcessor<String, SessionRecord, R> processor) {
        if (member == null) {
            return StoreCall.of(sessions.submitToKey(key, processor));
        }
        InternalCompletableFuture<Data> answer = member.executeOnKeyInternal(key, processor);
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
