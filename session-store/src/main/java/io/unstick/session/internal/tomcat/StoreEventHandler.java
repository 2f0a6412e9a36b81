package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.SessionStore;
import io.unstick.session.internal.core.StoreEvents;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns store events into Tomcat session events. Every node hears each expiry; the one that claims it first
 * delivers {@code sessionDestroyed} and {@code valueUnbound}, so they fire exactly once cluster-wide, also for
 * sessions no node touched again. Work runs on a thread of its own, never on Hazelcast's event threads.
 */
public final class StoreEventHandler implements StoreEvents, AutoCloseable {

    private static final Log log = LogFactory.getLog(StoreEventHandler.class);

    /** The manager's side: find or build a session, and forget a local copy. */
    public interface LocalSessions {
        HazelcastSession localCopy(String key);

        HazelcastSession detachedCopy(SessionRecord record);

        void dropLocalCopy(HazelcastSession session);
    }

    private final SessionStore store;
    private final LocalSessions sessions;
    private final Counters metrics;
    private final String node;
    private final ExecutorService worker;

    public StoreEventHandler(SessionStore store, LocalSessions sessions, Counters metrics, String node,
                             String name) {
        this.store = store;
        this.sessions = sessions;
        this.metrics = metrics;
        this.node = node;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "unstick-session-events-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void expired(SessionRecord record) {
        submit(() -> deliverExpiry(record));
    }

    @Override
    public void changedElsewhere(String sessionId) {
        submit(() -> {
            HazelcastSession local = sessions.localCopy(sessionId);
            if (local != null) {
                local.markStale();
                if (!local.inUse()) {
                    sessions.dropLocalCopy(local);
                }
            }
        });
    }

    private void deliverExpiry(SessionRecord record) {
        String key = record.id();
        HazelcastSession local = sessions.localCopy(key);
        // Built before claiming: a node that cannot build the session must leave the expiry to another node.
        boolean useLocal = local != null && !local.isStale();
        HazelcastSession session = useLocal ? local : sessions.detachedCopy(record);
        boolean ours = store.claimExpiry(key, node);
        if (local != null && !(ours && useLocal)) {
            sessions.dropLocalCopy(local); // expiring the local copy below removes it by itself
        }
        if (ours) {
            metrics.sessionExpired();
            session.expireFromStore();
        }
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
