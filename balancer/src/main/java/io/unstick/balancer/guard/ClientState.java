package io.unstick.balancer.guard;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the limits remember about one client address: its open connections and two rates. */
final class ClientState {

    final String address;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong requests = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong sessions = new AtomicLong(Long.MIN_VALUE);

    ClientState(String address) {
        this.address = address;
    }

    /** Nothing to remember: no open connection, both rates idle. */
    boolean idle(long now) {
        return connections.get() == 0 && Gcra.idle(requests, now) && Gcra.idle(sessions, now);
    }
}
