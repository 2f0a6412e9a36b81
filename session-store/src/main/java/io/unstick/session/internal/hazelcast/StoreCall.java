package io.unstick.session.internal.hazelcast;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A call sent to the sessions map whose answer the calling thread waits for, at most a given time. */
@FunctionalInterface
interface StoreCall<T> {

    /**
     * @throws TimeoutException   when no answer came in time
     * @throws ExecutionException when the store failed or refused the call; its cause says why
     */
    T await(long timeoutNanos) throws InterruptedException, ExecutionException, TimeoutException;

    /** A call made through Hazelcast's public asynchronous API. */
    static <T> StoreCall<T> of(CompletionStage<T> stage) {
        return timeoutNanos -> stage.toCompletableFuture().get(timeoutNanos, TimeUnit.NANOSECONDS);
    }
}
