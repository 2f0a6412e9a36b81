package io.unstick.balancer.listen;

import org.xnio.StreamConnection;

/** Counts accepted connections per client (the per-client limits implement it); the listeners only pass them on. */
public interface ConnectionCounter {

    /** Counts a connection just accepted; the result travels with the connection. */
    Counted opened(StreamConnection channel);

    /** One counted connection. */
    interface Counted {
        /**
         * For a listener that has no request to answer (HTTP/2): true if the connection is over the limit and must be
         * closed now (it is then no longer counted, and the refusal is).
         */
        boolean refuseAtOnce();
    }
}
