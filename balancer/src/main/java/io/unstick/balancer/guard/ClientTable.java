package io.unstick.balancer.guard;

import io.unstick.balancer.config.ClientLimits;
import io.unstick.balancer.listen.ConnectionCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.StreamConnection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client addresses the limits remember, bounded: at most {@link #MAX_ADDRESSES} entries, and an entry that
 * remembers nothing (no open connection, both rates idle) is dropped within a second. When the table is full, a
 * new address is not limited (and that is counted and logged): the limits fail open rather than refuse a
 * legitimate client because an attacker spread over many addresses.
 *
 * <p>Open connections are counted from accept and released by a sweep once a second that looks at which of them
 * closed (Undertow keeps a connection's single close listener for itself).
 */
public final class ClientTable implements ConnectionCounter, AutoCloseable {

    /** About 100 bytes each: a full table holds some 10 MB. */
    static final int MAX_ADDRESSES = 100_000;

    private static final Logger log = LoggerFactory.getLogger(ClientTable.class);
    private static final long SWEEP_MILLIS = 1_000;

    private final ClientLimits limits;
    private final FaultReporter reporter;
    private final ConcurrentHashMap<String, ClientState> states = new ConcurrentHashMap<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;
    private volatile long fullSince;
    private long untracked;

    /** One accepted connection: whose it is, and whether it is one too many. */
    public static final class Connection implements ConnectionCounter.Counted {
        private final StreamConnection channel;
        private final ClientState client;
        private final boolean overLimit;
        private final AtomicBoolean released = new AtomicBoolean();

        private final FaultReporter reporter;

        Connection(StreamConnection channel, ClientState client, boolean overLimit, FaultReporter reporter) {
            this.channel = channel;
            this.client = client;
            this.overLimit = overLimit;
            this.reporter = reporter;
        }

        ClientState client() {
            return client;
        }

        boolean overLimit() {
            return overLimit;
        }

        @Override
        public boolean refuseAtOnce() {
            if (!overLimit) {
                return false;
            }
            release();
            reporter.refusedConnection(ClientFault.CLIENT_CONNECTIONS, client.address);
            return true;
        }

        /** Stops counting it, once: when it is seen closed, or at once when it is refused and about to close. */
        void release() {
            if (client != null && released.compareAndSet(false, true)) {
                client.connections.decrementAndGet();
            }
        }
    }

    public ClientTable(ClientLimits limits, FaultReporter reporter) {
        this.limits = limits;
        this.reporter = reporter;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "unstick-client-table");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    public ClientLimits limits() {
        return limits;
    }

    /** Addresses remembered now, for the metrics. */
    public int size() {
        return states.size();
    }

    /**
     * Registers an accepted connection (the caller keeps the result until it closes). It is counted until the
     * sweep sees it closed, which also keeps its address's state in the table meanwhile; with a connection limit,
     * one over the limit is marked: its first request gets 429.
     */
    @Override
    public Connection opened(StreamConnection channel) {
        InetSocketAddress peer = channel.getPeerAddress(InetSocketAddress.class);
        InetAddress address = peer == null ? null : peer.getAddress();
        ClientState client = address == null ? null : connect(ClientAddress.key(address));
        if (client == null) {
            return new Connection(channel, null, false, reporter);
        }
        int connections = client.connections.get();
        boolean over = limits.maxConnections() > 0 && connections > limits.maxConnections();
        Connection connection = new Connection(channel, client, over, reporter);
        open.add(connection);
        return connection;
    }

    /** The state of a client address, created on first sight; null when the table is full. */
    ClientState state(String address) {
        ClientState state = states.get(address);
        if (state != null) {
            return state;
        }
        if (states.size() >= MAX_ADDRESSES) {
            tableFull(address);
            return null;
        }
        return states.computeIfAbsent(address, ClientState::new);
    }

    /** The state with one more connection counted, atomically with the sweep's removal of idle states. */
    private ClientState connect(String address) {
        if (states.size() >= MAX_ADDRESSES && !states.containsKey(address)) {
            tableFull(address);
            return null;
        }
        return states.compute(address, (key, existing) -> {
            ClientState state = existing == null ? new ClientState(key) : existing;
            state.connections.incrementAndGet();
            return state;
        });
    }

    private synchronized void tableFull(String address) {
        untracked++;
        long now = System.nanoTime();
        if (fullSince == 0 || now - fullSince > TimeUnit.MINUTES.toNanos(1)) {
            fullSince = now;
            log.warn("client limits: {} addresses are tracked, the most there may be; new addresses such as {} are not"
                    + " limited until some go idle ({} so far)", MAX_ADDRESSES, address, untracked);
        }
    }

    /** Releases the connections that closed, then forgets the addresses that remember nothing. */
    void sweep() {
        try {
            open.removeIf(c -> {
                if (c.channel.isOpen()) {
                    return false;
                }
                c.release();
                return true;
            });
            long now = System.nanoTime();
            // Atomic per address with connect(): a state with an open connection is never dropped. A state used
            // only through X-Forwarded-For may be dropped as a request looks it up; that request then counts
            // against a fresh state, a rate forgotten that was idle anyway.
            for (String address : states.keySet()) {
                states.computeIfPresent(address, (key, state) -> state.idle(now) ? null : state);
            }
        } catch (RuntimeException e) {
            log.error("client table sweep failed: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
