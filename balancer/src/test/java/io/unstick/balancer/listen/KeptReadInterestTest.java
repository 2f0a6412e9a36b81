package io.unstick.balancer.listen;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.EmptyStreamSourceConduit;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The suspension of client reads only reaches the socket when the socket becomes readable while suspended. */
class KeptReadInterestTest {

    private static XnioWorker worker;

    @BeforeAll
    static void startWorker() throws Exception {
        worker = Xnio.getInstance().createWorker(OptionMap.EMPTY);
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void aSuspendUndoneBeforeTheSocketIsReadableNeverReachesIt() throws Exception {
        onIoThread(t -> {
            t.kept.resumeReads();
            t.kept.suspendReads(); // request in flight
            assertThat(t.kept.isReadResumed()).isFalse();
            t.kept.resumeReads(); // exchange done
            assertThat(t.kept.isReadResumed()).isTrue();
            t.socket.ready();
            assertThat(t.socket.resumes).isEqualTo(1);
            assertThat(t.socket.suspends).isZero();
            assertThat(t.upstream.readies).isEqualTo(1);
        });
    }

    @Test
    void readableWhileSuspendedStopsWatchingTheSocketUntilResumed() throws Exception {
        onIoThread(t -> {
            t.kept.resumeReads();
            t.kept.suspendReads();
            t.socket.ready(); // a pipelined request or a close while the first is in flight
            assertThat(t.upstream.readies).as("the suspended listener is not called").isZero();
            assertThat(t.socket.resumed).as("no busy loop on a readable socket").isFalse();
            t.kept.resumeReads();
            assertThat(t.socket.resumed).isTrue();
            assertThat(t.socket.resumes).isEqualTo(2);
            t.socket.ready();
            assertThat(t.upstream.readies).isEqualTo(1);
        });
    }

    @Test
    void callsFromAnotherThreadTakeEffectOnTheIoThread() throws Exception {
        Harness t = onIoThread(h -> { });
        t.kept.resumeReads(); // from the test thread
        Harness same = onIoThread(h -> { });
        assertThat(same.socket).isSameAs(t.socket);
        assertThat(t.socket.resumed).isTrue();
    }

    private Harness harness;

    private Harness onIoThread(java.util.function.Consumer<Harness> steps) throws Exception {
        XnioIoThread thread = worker.getIoThread(0);
        if (harness == null) {
            harness = new Harness(thread);
        }
        CompletableFuture<Harness> done = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                steps.accept(harness);
                done.complete(harness);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(30, TimeUnit.SECONDS);
    }

    private static final class Harness {
        final Socket socket;
        final Upstream upstream = new Upstream();
        final KeptReadInterest kept;

        Harness(XnioIoThread thread) {
            socket = new Socket(new EmptyStreamSourceConduit(thread));
            kept = new KeptReadInterest(socket);
            kept.setReadReadyHandler(upstream);
        }
    }

    /** The socket's conduit: counts what reaches it and delivers readiness only while resumed, as epoll does. */
    private static final class Socket extends AbstractStreamSourceConduit<StreamSourceConduit> {
        ReadReadyHandler handler;
        boolean resumed;
        int resumes;
        int suspends;

        Socket(StreamSourceConduit next) {
            super(next);
        }

        void ready() {
            if (resumed) {
                handler.readReady();
            }
        }

        @Override
        public void setReadReadyHandler(ReadReadyHandler handler) {
            this.handler = handler;
        }

        @Override
        public void resumeReads() {
            resumed = true;
            resumes++;
        }

        @Override
        public void suspendReads() {
            resumed = false;
            suspends++;
        }

        @Override
        public boolean isReadResumed() {
            return resumed;
        }
    }

    private static final class Upstream implements ReadReadyHandler {
        int readies;

        @Override
        public void readReady() {
            readies++;
        }

        @Override
        public void forceTermination() {
        }

        @Override
        public void terminated() {
        }
    }
}
