package io.unstick.lab.bench.balancer.ceiling;

import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One client connection of the ceiling fixture and its pooled keep-alive backend connections (one per backend,
 * opened on first use, on the client's I/O thread, so nothing here is shared between threads).
 *
 * <p>The fast path is the one a purpose-built forwarder would have: read interest stays on on every connection
 * (never suspended and resumed per request), one {@code read} per readiness event, the request head copied once
 * from the read buffer with the forwarded headers appended and written in one {@code write}, the response written
 * to the client straight from the buffer it was read into. Only when a socket cannot take a whole write does it
 * stop reading the other side until that write is done.
 *
 * <p>One request at a time per client connection (no pipelining); Content-Length bodies only (a
 * {@code Transfer-Encoding} or a response without a length closes the connection); no limits, no timeouts, no
 * guards. A measurement fixture, not a proxy to deploy.
 */
final class ForwardedConnection {

    static final int BUFFER_BYTES = 16 * 1024;
    private static final OptionMap BACKEND_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private final StreamConnection client;
    private final ConduitStreamSourceChannel clientIn;
    private final ConduitStreamSinkChannel clientOut;
    private final List<InetSocketAddress> backendAddresses;
    private final Backend[] backends;
    /** {@code X-Forwarded-For} and {@code Forwarded} for this client and the blank line that ends the head. */
    private final byte[] forwarded;
    private final ByteBuffer fromClient = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final ByteBuffer toBackend;
    private final ByteBuffer fromBackend = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final Http1Head head = new Http1Head();

    /** The backend of the request in flight (sent, or waiting for its connection), or null between requests. */
    private Backend current;
    private long requestBodyLeft;
    /** Bytes of the current response not yet read; -1 until its head is read. */
    private long responseLeft = -1;
    private boolean headRequest;
    private boolean backendCloses;
    private boolean clientReadsSuspended;
    private boolean closed;

    ForwardedConnection(StreamConnection client, List<InetSocketAddress> backendAddresses) {
        this.client = client;
        this.clientIn = client.getSourceChannel();
        this.clientOut = client.getSinkChannel();
        this.backendAddresses = backendAddresses;
        this.backends = new Backend[backendAddresses.size()];
        String ip = client.getPeerAddress() instanceof InetSocketAddress peer && peer.getAddress() != null
                ? peer.getAddress().getHostAddress() : "unknown";
        this.forwarded = ("X-Forwarded-For: " + ip + "\r\nForwarded: for=" + ip + ";proto=http\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        this.toBackend = ByteBuffer.allocateDirect(BUFFER_BYTES + forwarded.length);
        toBackend.limit(0); // kept in drain mode: empty means nothing left to send
    }

    void start() {
        clientIn.setReadListener(channel -> onClientReadable());
        clientOut.setWriteListener(channel -> onClientWritable());
        clientIn.resumeReads();
    }

    private void onClientReadable() {
        if (!fromClient.hasRemaining()) {
            if (current == null && requestBodyLeft == 0) {
                closeAll(); // a head larger than the buffer
            } else {
                clientIn.suspendReads(); // rare: the client sent ahead while its request is in flight
                clientReadsSuspended = true;
            }
            return;
        }
        int read;
        try {
            read = clientIn.read(fromClient);
        } catch (IOException e) {
            closeAll();
            return;
        }
        if (read < 0) {
            closeAll();
        } else if (read > 0) {
            forwardRequests();
        }
    }

    /** Sends what the client's buffer holds: the rest of a request body, or the next request once the last is answered. */
    private void forwardRequests() {
        while (!closed && !toBackend.hasRemaining()) {
            if (requestBodyLeft > 0) {
                int take = (int) Math.min(fromClient.position(), requestBodyLeft);
                if (take == 0) {
                    return;
                }
                toBackend.clear();
                copy(fromClient, 0, take, toBackend);
                toBackend.flip();
                consume(take);
                requestBodyLeft -= take;
                if (!sendToBackend()) {
                    return;
                }
                continue;
            }
            if (current != null) {
                return; // one request at a time: the next waits for this one's response
            }
            int buffered = fromClient.position();
            int end = Http1Head.end(fromClient, buffered);
            if (end < 0) {
                if (!fromClient.hasRemaining()) {
                    closeAll();
                }
                return;
            }
            if (!head.read(fromClient, end) || head.transferEncoding) {
                closeAll();
                return;
            }
            long length = head.contentLength == Http1Head.NO_LENGTH ? 0 : head.contentLength;
            int body = (int) Math.min(length, buffered - end);
            headRequest = Http1Head.isHead(fromClient);
            toBackend.clear();
            copy(fromClient, 0, end - 2, toBackend); // the head without its blank line
            toBackend.put(forwarded);
            copy(fromClient, end, body, toBackend);
            toBackend.flip();
            consume(end + body);
            requestBodyLeft = length - body;
            responseLeft = -1;
            current = backend(head.route);
            if (current.connection == null || !sendToBackend()) {
                return; // connecting (opened() sends it) or the socket was full
            }
        }
    }

    private boolean sendToBackend() {
        try {
            current.out.write(toBackend);
        } catch (IOException e) {
            closeAll();
            return false;
        }
        if (toBackend.hasRemaining()) {
            current.out.resumeWrites();
            return false;
        }
        return true;
    }

    private void onBackendWritable(Backend backend) {
        if (!sendToBackend()) {
            return;
        }
        backend.out.suspendWrites();
        resumeClientReads();
        forwardRequests();
    }

    private void onBackendReadable(Backend backend) {
        if (backend != current) {
            drop(backend); // an idle pooled connection: only its close or unsolicited bytes can arrive
            return;
        }
        int read;
        try {
            read = backend.in.read(fromBackend);
        } catch (IOException e) {
            closeAll();
            return;
        }
        if (read < 0) {
            closeAll(); // closed before or during the response
            return;
        }
        if (read == 0) {
            return;
        }
        if (responseLeft < 0 && !readResponseHead()) {
            return;
        }
        if (fromBackend.position() > responseLeft) {
            closeAll(); // bytes beyond the response: not HTTP/1.1 as this fixture speaks it
            return;
        }
        responseLeft -= fromBackend.position();
        fromBackend.flip();
        if (writeToClient()) {
            if (responseLeft == 0) {
                responseDone();
            }
        } else if (!closed) {
            backend.in.suspendReads(); // rare: the client's socket is full; read on once it has taken this
            clientOut.resumeWrites();
        }
    }

    /** @return true when the head is complete and supported; false to wait for more bytes or after closing */
    private boolean readResponseHead() {
        int end = Http1Head.end(fromBackend, fromBackend.position());
        if (end < 0) {
            if (!fromBackend.hasRemaining()) {
                closeAll();
            }
            return false;
        }
        int status = Http1Head.status(fromBackend, end);
        if (!head.read(fromBackend, end) || head.transferEncoding || status < 200) {
            closeAll();
            return false;
        }
        boolean noBody = headRequest || status == 204 || status == 304;
        if (!noBody && head.contentLength == Http1Head.NO_LENGTH) {
            closeAll(); // a body delimited by the close: not supported
            return false;
        }
        responseLeft = end + (noBody ? 0 : head.contentLength);
        backendCloses = head.connectionClose;
        return true;
    }

    /** @return true when everything read from the backend so far reached the client */
    private boolean writeToClient() {
        try {
            clientOut.write(fromBackend);
        } catch (IOException e) {
            closeAll();
            return false;
        }
        if (fromBackend.hasRemaining()) {
            return false;
        }
        fromBackend.clear();
        return true;
    }

    private void onClientWritable() {
        if (current == null) {
            clientOut.suspendWrites();
            return;
        }
        if (!writeToClient()) {
            return;
        }
        clientOut.suspendWrites();
        current.in.resumeReads();
        if (responseLeft == 0) {
            responseDone();
        }
    }

    private void responseDone() {
        Backend answered = current;
        current = null;
        responseLeft = -1;
        if (backendCloses) {
            drop(answered);
        }
        if (requestBodyLeft > 0) {
            closeAll(); // answered before its body was sent: this fixture does not sort that out
            return;
        }
        resumeClientReads();
        forwardRequests();
    }

    private void resumeClientReads() {
        if (clientReadsSuspended && !closed) {
            clientReadsSuspended = false;
            clientIn.resumeReads();
        }
    }

    private Backend backend(int route) {
        int index = route < backends.length ? route : 0;
        Backend backend = backends[index];
        if (backend == null) {
            backend = new Backend(index);
            backends[index] = backend;
            backend.connect();
        }
        return backend;
    }

    private void drop(Backend backend) {
        IoUtils.safeClose(backend.connection);
        if (backends[backend.index] == backend) {
            backends[backend.index] = null;
        }
    }

    private void closeAll() {
        if (closed) {
            return;
        }
        closed = true;
        IoUtils.safeClose(client);
        for (Backend backend : backends) {
            if (backend != null) {
                IoUtils.safeClose(backend.connection);
            }
        }
    }

    /** {@code dst.put(src[from, from + length))} without moving {@code src}'s position. */
    private static void copy(ByteBuffer src, int from, int length, ByteBuffer dst) {
        dst.put(dst.position(), src, from, length);
        dst.position(dst.position() + length);
    }

    /** Drops the first {@code n} bytes of the client's buffer. */
    private void consume(int n) {
        fromClient.flip();
        fromClient.position(n);
        fromClient.compact();
    }

    /** One pooled keep-alive connection to one backend. */
    private final class Backend {

        final int index;
        StreamConnection connection;
        ConduitStreamSourceChannel in;
        ConduitStreamSinkChannel out;

        Backend(int index) {
            this.index = index;
        }

        void connect() {
            IoFuture<StreamConnection> future = client.getIoThread().openStreamConnection(backendAddresses.get(index),
                    this::opened, BACKEND_OPTIONS);
            future.addNotifier((f, attachment) -> {
                if (f.getStatus() != IoFuture.Status.DONE) {
                    closeAll(); // the backend refused or the connect failed: the client sees its connection close
                }
            }, null);
        }

        private void opened(StreamConnection opened) {
            if (closed) {
                IoUtils.safeClose(opened);
                return;
            }
            connection = opened;
            in = opened.getSourceChannel();
            out = opened.getSinkChannel();
            in.setReadListener(channel -> onBackendReadable(this));
            out.setWriteListener(channel -> onBackendWritable(this));
            in.resumeReads();
            if (current == this && toBackend.hasRemaining() && sendToBackend()) {
                forwardRequests();
            }
        }
    }
}
