package io.unstick.session.internal.hazelcast;

import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MapSubmitToKeyCodec;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The store uses Hazelcast's internal map invocations only where they have the signatures the store was built against. */
class KeyCallsTest {

    @Test
    void thisHazelcastHasTheInternalCall() {
        assertThat(KeyCalls.hasInternalCall(MapProxyImpl.class)).isTrue();
    }

    @Test
    void aProxyWithoutItOrWithAnotherSignatureUsesThePublicApi() {
        assertThat(KeyCalls.hasInternalCall(Object.class)).as("no such method").isFalse();
        assertThat(KeyCalls.hasInternalCall(OtherReturnType.class)).as("another return type").isFalse();
        assertThat(KeyCalls.hasInternalCall(SameSignature.class)).as("the same signature").isTrue();
    }

    @Test
    void thisHazelcastHasTheClientCalls() {
        assertThat(KeyCalls.hasClientCall(ClientInvocation.class, MapSubmitToKeyCodec.class)).isTrue();
    }

    @Test
    void aClientWithoutThemOrWithOtherSignaturesUsesThePublicApi() {
        assertThat(KeyCalls.hasClientCall(Object.class, MapSubmitToKeyCodec.class)).as("no such invocation").isFalse();
        assertThat(KeyCalls.hasClientCall(ClientInvocation.class, Object.class)).as("no such codec").isFalse();
        assertThat(KeyCalls.hasClientCall(ClientInvocation.class, OtherCodec.class)).as("another codec").isFalse();
    }

    /** As a later Hazelcast might declare it. */
    public static class OtherReturnType {
        public CompletableFuture<Object> executeOnKeyInternal(Object key, EntryProcessor<?, ?, ?> processor) {
            return null;
        }
    }

    /** A codec whose answer is no longer the serialized value. */
    public static final class OtherCodec {
        public static ClientMessage encodeRequest(String name, Data processor, Data key, long threadId) {
            return null;
        }

        public static Object decodeResponse(ClientMessage message) {
            return null;
        }
    }

    public static class SameSignature {
        public InternalCompletableFuture<Object> executeOnKeyInternal(Object key, EntryProcessor<?, ?, ?> processor) {
            return null;
        }
    }
}
