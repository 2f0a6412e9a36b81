package io.unstick.session.internal.hazelcast;

import com.hazelcast.client.impl.clientside.HazelcastClientInstance;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MapSubmitToKeyCodec;
import com.hazelcast.client.impl.proxy.ClientMapProxy;
import com.hazelcast.client.impl.spi.ClientContext;
import com.hazelcast.client.impl.spi.ClientPartitionService;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.client.impl.spi.impl.ClientInvocationFuture;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import io.unstick.session.internal.core.SessionRecord;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends the store's entry processors to the owner of a session's key.
 *
 * <p>Why not {@code IMap.submitToKey}: it wraps the invocation in a future that also completes itself on
 * Hazelcast's default asynchronous executor — the common ForkJoinPool, or a <em>new thread per call</em> where that
 * pool has a single thread (2 CPUs or fewer) — and decodes the answer there, while the waiting request thread reads
 * and decodes the same answer itself. Nobody waits for that second completion, so a member sends the processor with
 * the map's own invocation ({@code executeOnKeyInternal}, what {@code submitToKey} calls), and a client (the
 * {@link Topology#CLIENT} topology) with the client invocation {@code ClientMapProxy.submitToKey} makes, without the
 * future around it; the request thread decodes the answer once. Same operation, owner, backups, deadline and failures.
 * A Hazelcast whose internals differ, or a client map with a near cache, gets the public API.
 */
final class KeyCalls {

    private static final System.Logger LOG = System.getLogger(KeyCalls.class.getName());
    /** The map's own invocation under {@code submitToKey}: internal, so checked before it is used. */
    static final String INTERNAL_CALL = "executeOnKeyInternal";

    private final IMap<String, SessionRecord> sessions;
    /** The member's own invocation, or null on a client or a Hazelcast without it. */
    private final MemberInvocation member;
    /** The client's invocation, or null on a member, a near-cached map or a Hazelcast without it. */
    private final ClientCall client;

    KeyCalls(IMap<String, SessionRecord> sessions) {
        this.sessions = sessions;
        this.member = linked(() -> MemberInvocation.of(sessions));
        this.client = member == null ? linked(() -> ClientCall.of(sessions)) : null;
    }

    private static <T> T linked(Supplier<T> internalCall) {
        try {
            return internalCall.get();
        } catch (LinkageError e) {
            LOG.log(System.Logger.Level.INFO, "Store calls use IMap.submitToKey: this Hazelcast's internal map"
                    + " invocation does not link (" + e + ")");
            return null;
        }
    }

    <R> StoreCall<R> submit(String key, EntryProcessor<String, SessionRecord, R> processor) {
        if (member != null) {
            return member.submit(key, processor);
        }
        return client != null ? client.submit(key, processor) : StoreCall.of(sessions.submitToKey(key, processor));
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
            return timeoutNanos -> KeyCalls.decode(serialization, answer.get(timeoutNanos, TimeUnit.NANOSECONDS));
        }
    }

    /** The client-side path, in its own class: it links only when a client uses it. */
    private record ClientCall(String mapName, HazelcastClientInstance client, SerializationService serialization,
                              ClientPartitionService partitions) {

        static ClientCall of(IMap<String, SessionRecord> sessions) {
            if (!(sessions instanceof ClientMapProxy<String, SessionRecord> proxy)) {
                return null; // neither a member's map nor a client's
            }
            if (proxy.getClass() != ClientMapProxy.class) {
                LOG.log(System.Logger.Level.INFO, "The sessions map is a " + proxy.getClass().getSimpleName()
                        + " (a near cache?); store calls use IMap.submitToKey, which keeps it right");
                return null;
            }
            if (!hasClientCall(ClientInvocation.class, MapSubmitToKeyCodec.class)) {
                LOG.log(System.Logger.Level.INFO, "This Hazelcast client has no ClientInvocation or"
                        + " MapSubmitToKeyCodec with the signatures the store was built against; store calls use"
                        + " IMap.submitToKey (one more thread hand-off per call)");
                return null;
            }
            ClientContext context = proxy.getContext();
            if (!(context.getHazelcastInstance() instanceof HazelcastClientInstance client)) {
                LOG.log(System.Logger.Level.INFO, "This Hazelcast client's instance is a "
                        + context.getHazelcastInstance().getClass().getSimpleName() + "; store calls use"
                        + " IMap.submitToKey (one more thread hand-off per call)");
                return null;
            }
            return new ClientCall(sessions.getName(), client, context.getSerializationService(),
                    context.getPartitionService());
        }

        <R> StoreCall<R> submit(String key, EntryProcessor<String, SessionRecord, R> processor) {
            Data keyData = serialization.toData(key);
            ClientMessage request = MapSubmitToKeyCodec.encodeRequest(mapName, serialization.toData(processor),
                    keyData, ThreadUtil.getThreadId());
            ClientInvocationFuture answer = new ClientInvocation(client, request, mapName,
                    partitions.getPartitionId(keyData)).invoke();
            return timeoutNanos -> KeyCalls.decode(serialization,
                    MapSubmitToKeyCodec.decodeResponse(answer.get(timeoutNanos, TimeUnit.NANOSECONDS)));
        }
    }

    /**
     * Whether {@code invocationClass} and {@code codecClass} have the client calls {@link ClientCall} was compiled
     * against (see {@link #hasInternalCall}).
     */
    static boolean hasClientCall(Class<?> invocationClass, Class<?> codecClass) {
        try {
            invocationClass.getConstructor(HazelcastClientInstance.class, ClientMessage.class, Object.class, int.class);
            return invocationClass.getMethod("invoke").getReturnType() == ClientInvocationFuture.class
                    && codecClass.getMethod("encodeRequest", String.class, Data.class, Data.class, long.class)
                    .getReturnType() == ClientMessage.class
                    && codecClass.getMethod("decodeResponse", ClientMessage.class).getReturnType() == Data.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** An answer that cannot be decoded fails the call, as {@code submitToKey}'s future fails it. */
    private static <R> R decode(SerializationService serialization, Data answer) throws ExecutionException {
        try {
            return serialization.toObject(answer);
        } catch (HazelcastSerializationException e) {
            throw new ExecutionException(e);
        }
    }
}
