package io.unstick.session.it;

import java.util.concurrent.Executor;

/**
 * Runs each task on a new thread, for tests that need requests in flight at the same time. Not
 * {@code CompletableFuture}'s default pool: on a 2-CPU machine its parallelism is 1, and since JDK 25 it then runs
 * such tasks one after the other (JDK 17 started a thread per task), so a barrier between two requests never opens.
 */
final class OwnThreads {

    static final Executor EXECUTOR = task -> {
        Thread thread = new Thread(task, "test-request");
        thread.setDaemon(true);
        thread.start();
    };

    private OwnThreads() {
    }
}
