package io.unstick.balancer.listen;

import org.xnio.XnioIoThread;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Keeps a client connection's read interest registered while Undertow "suspends" reads, and suspends them for real
 * only if the socket becomes readable meanwhile.
 *
 * <p>Why: Undertow suspends reads on an HTTP/1.1 connection while its request is in flight and resumes them when the
 * exchange ends. The JDK's epoll selector turns that into {@code EPOLL_CTL_DEL} and {@code EPOLL_CTL_ADD}: two system
 * calls per request, for a client that nearly always sends nothing while it waits for its answer. Here a suspension
 * only takes effect when a readiness event arrives while suspended (a pipelined request, a close); a resume before
 * that costs nothing. What the layers above see ({@link #isReadResumed}, which listener is called) is unchanged.
 *
 * <p>State changes run on the connection's IO thread, like the readiness events; a call from another thread is
 * handed to it.
 */
final class KeptReadInterest extends AbstractStreamSourceConduit<StreamSourceConduit> implements ReadReadyHandler {

    private final XnioIoThread ioThread;
    private ReadReadyHandler upstream;
    /** What the layers above asked for. */
    private boolean suspended = true;
    /** Whether the socket's read interest is registered (the conduit below is resumed). */
    private boolean registered;

    KeptReadInterest(StreamSourceConduit next) {
        super(next);
        this.ioThread = next.getReadThread();
    }

    @Override
    public void setReadReadyHandler(ReadReadyHandler handler) {
        this.upstream = handler;
        next.setReadReadyHandler(this);
    }

    @Override
    public void suspendReads() {
        if (onIoThread(this::suspendReads)) {
            suspended = true; // the interest stays registered: see readReady
        }
    }

    @Override
    public void resumeReads() {
        if (onIoThread(this::resumeReads)) {
            suspended = false;
            if (!registered) {
                registered = true;
                next.resumeReads();
            }
        }
    }

    @Override
    public void wakeupReads() {
        if (onIoThread(this::wakeupReads)) {
            suspended = false;
            registered = true;
            next.wakeupReads();
        }
    }

    @Override
    public boolean isReadResumed() {
        return !suspended && next.isReadResumed();
    }

    /** The socket is readable: for the listener above if it wants to read, else now is the time to stop watching. */
    @Override
    public void readReady() {
        if (suspended) {
            registered = false;
            next.suspendReads();
        } else {
            upstream.readReady();
        }
    }

    @Override
    public void forceTermination() {
        upstream.forceTermination();
    }

    @Override
    public void terminated() {
        upstream.terminated();
    }

    /** @return true to go on in this thread; false when {@code action} was handed to the IO thread */
    private boolean onIoThread(Runnable action) {
        if (Thread.currentThread() == ioThread) {
            return true;
        }
        ioThread.execute(action);
        return false;
    }
}
