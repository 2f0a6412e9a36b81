package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.core.ExpiryDelivery;
import io.unstick.session.internal.core.LocalCopy;
import io.unstick.session.internal.core.LocalCopyPolicy;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.StoreEvents;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Turns store events into Tomcat session events, on a thread of its own (never on Hazelcast's event threads):
 * an expiry is delivered by {@link ExpiryDelivery} (exactly one node runs the destroyed events), another node's
 * change makes this node's copy stale.
 */
final class StoreEventHandler implements StoreEvents, ExpiryDelivery.Copies<HazelcastSession>, AutoCloseable {

    private static final Log log = LogFactory.getLog(StoreEventHandler.class);

    private final LocalSessions local;
    private final LocalCopyPolicy policy;
    private final ExpiryDelivery expiry;
    private final ExecutorService worker;

    StoreEventHandler(LocalSessions local, LocalCopyPolicy policy, ExpiryDelivery expiry, String name) {
        this.local = local;
        this.policy = policy;
        this.expiry = expiry;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "unstick-session-events-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void expired(SessionRecord record) {
        submit(() -> expiry.deliver(record, this));
    }

    @Override
    public void changedElsewhere(String key) {
        submit(() -> {
            HazelcastSession copy = local.copyOf(key);
            if (copy != null) {
                copy.localCopy().markStale();
                if (policy.dropWhenChangedElsewhere(copy.localCopy())) {
                    local.drop(copy);
                }
            }
        });
    }

    @Override
    public HazelcastSession copyOf(String key) {
        return local.copyOf(key);
    }

    @Override
    public LocalCopy state(HazelcastSession copy) {
        return copy.localCopy();
    }

    @Override
    public HazelcastSession detached(SessionRecord record) {
        return local.detached(record);
    }

    @Override
    public void drop(HazelcastSession copy) {
        local.drop(copy);
    }

    @Override
    public void expire(HazelcastSession session) {
        session.expireFromStore();
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("Handling a session store event failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Session store event arrived while the manager was stopping; another node delivers it");
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Session event delivery did not finish within 5 s; interrupting it");
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }
}
