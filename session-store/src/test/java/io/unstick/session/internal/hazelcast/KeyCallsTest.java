package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The store uses Hazelcast's internal map invocation only where it has the signature the store was built against. */
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

    /** As a later Hazelcast might declare it. */
    public static class OtherReturnType {
        public CompletableFuture<Object> executeOnKeyInternal(Object key, EntryProcessor<?, ?, ?> processor) {
            return null;
        }
    }

    public static class SameSignature {
        public InternalCompletableFuture<Object> executeOnKeyInternal(Object key, EntryProcessor<?, ?, ?> processor) {
            return null;
        }
    }
}
