package io.unstick.balancer.forward;

import io.unstick.balancer.node.HealthEvents;
import io.unstick.balancer.node.Node;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Keep-alive connections to one node, a separate set per IO thread so that nothing is shared between threads: at
 * most {@code maxPerThread} open per thread, most recently used first; a request that finds them all busy waits in
 * line (at most {@link #MAX_WAITING} per thread, beyond that it is answered 503 at once). Idle connections older than
 * {@link #IDLE_TTL_MILLIS} are closed before a Tomcat backend's 20 s keep-alive would close them under a request.
 */
final class ConnectionPool {

    static final long IDLE_TTL_MILLIS = 15_000;
    static final int MAX_WAITING = 1024;
    private static final OptionMap OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    /** What a request waiting for a connection is told. */
    interface Waiter {
        void connected(BackendConnection connection);

        void connectFailed(String reason);
    }

    private final Node node;
    private final HealthEvents health;
    private final InetSocketAddress address;
    private final int maxPerThread;
    private final ConcurrentHashMap<XnioIoThread, PerThread> threads = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ConnectionPool(Node node, HealthEvents health, int maxPerThread) {
        this.node = node;
        this.health = health;
        this.address = new InetSocketAddress(node.url().getHost(), port(node));
        this.maxPerThread = maxPerThread;
    }

    Node node() {
        return node;
    }

    /** The node's path prefix from its URL ({@code http://host:port/prefix}). */
    String targetPath() {
        String path = node.url().getRawPath();
        return path == null ? "" : path;
    }

    /** The node's {@code host:port}. */
    String authority() {
        return node.url().getHost() + ":" + address.getPort();
    }

    /** Hands {@code waiter} a connection now, once one is free or opened, or tells it that none can be had. */
    void acquire(XnioIoThread thread, Waiter waiter) {
        PerThread own = threads.computeIfAbsent(thread, PerThread::new);
        long now = System.currentTimeMillis();
        BackendConnection idle;
        while ((idle = own.idle.pollFirst()) != null) {
            if (!idle.closed && now - idle.idleSinceMillis < IDLE_TTL_MILLIS) {
                waiter.connected(idle);
                return;
            }
            idle.close();
            own.closed(idle);
        }
        if (closed) {
            waiter.connectFailed("node removed");
        } else if (own.open < maxPerThread) {
            own.open(waiter);
        } else if (own.waiting.size() < MAX_WAITING) {
            own.waiting.addLast(waiter);
        } else {
            waiter.connectFailed("too many requests waiting for a connection to " + node.name());
        }
    }

    /** A waiter that gave up (its deadline passed). */
    void cancel(XnioIoThread thread, Waiter waiter) {
        PerThread own = threads.get(thread);
        if (own != null) {
            own.waiting.remove(waiter);
        }
    }

    /** A request is done with {@code connection}: reuse it if it can be, else close it. */
    void release(BackendConnection connection, boolean reusable) {
        PerThread own = threads.get(connection.channel.getIoThread());
        connection.release();
        if (!reusable || closed || connection.closed) {
            connection.close();
            own.closed(connection);
            return;
        }
        Waiter next = own.waiting.pollFirst();
        if (next != null) {
            next.connected(connection);
        } else {
            own.idle.addFirst(connection);
        }
    }

    /** An idle connection became readable: the node closed it (or misbehaved); it goes. */
    void dropIdle(BackendConnection connection) {
        PerThread own = threads.get(connection.channel.getIoThread());
        connection.close();
        own.idle.remove(connection);
        own.closed(connection);
    }

    void close() {
        closed = true;
        for (PerThread own : threads.values()) {
            try {
                own.thread.execute(own::closeIdle);
            } catch (RejectedExecutionException e) {
                // the IO thread is stopping: it closes its connections itself
            }
        }
    }

    private static int port(Node node) {
        int port = node.url().getPort();
        return port >= 0 ? port : "https".equals(node.url().getScheme()) ? 443 : 80;
    }

    /** One IO thread's share; only that thread touches it. */
    private final class PerThread {
        final XnioIoThread thread;
        final ArrayDeque<BackendConnection> idle = new ArrayDeque<>();
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        int open;

        PerThread(XnioIoThread thread) {
            this.thread = thread;
        }

        void open(Waiter waiter) {
            open++;
            IoFuture<StreamConnection> future = thread.openStreamConnection(address,
                    channel -> waiter.connected(new BackendConnection(ConnectionPool.this, channel)), OPTIONS);
            future.addNotifier((f, ignored) -> {
                if (f.getStatus() != IoFuture.Status.DONE) {
                    onThread(() -> failed(f, waiter));
                }
            }, null);
        }

        private void onThread(Runnable action) {
            if (Thread.currentThread() == thread) {
                action.run();
            } else {
                thread.execute(action);
            }
        }

        private void failed(IoFuture<?> f, Waiter waiter) {
            open--;
            String reason = f.getStatus() == IoFuture.Status.FAILED ? f.getException().getMessage() : "cancelled";
            node.passiveFailure(System.currentTimeMillis(), health, "cannot connect to " + node.url());
            waiter.connectFailed(reason);
            serveWaiting();
        }

        /** A connection slot was freed: open one for the next waiter, if any. */
        void closed(BackendConnection connection) {
            open--;
            serveWaiting();
        }

        private void serveWaiting() {
            Waiter next = waiting.pollFirst();
            if (next != null && !closed && open < maxPerThread) {
                open(next);
            } else if (next != null) {
                waiting.addFirst(next);
            }
        }

        void closeIdle() {
            BackendConnection connection;
            while ((connection = idle.pollFirst()) != null) {
                connection.close();
                open--;
            }
            Waiter next;
            while ((next = waiting.pollFirst()) != null) {
                next.connectFailed("node removed");
            }
        }
    }
}
