package io.unstick.balancer.guard;

import io.undertow.conduits.ChunkedStreamSourceConduit;
import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.unstick.balancer.listen.ReadThroughConduit;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Checks the chunked framing of a request body byte by byte as it comes off the connection, strictly as RFC 9112
 * section 7.1 writes it. Undertow's own decoder is lenient: it takes a non-hex size as the last chunk, skips
 * whatever follows a chunk up to the next LF and accepts a bare LF, so {@code 3\r\nabcde\r\n} passes as
 * {@code abc}. A body that fails here is refused with 400 while it is buffered, before a backend is chosen; past
 * the buffer, the backend's request is cut off and never completes.
 *
 * It sits beneath the decoder, on the raw bytes, and only observes ({@link ChunkGrammar} is the grammar).
 */
final class ChunkFraming extends ReadThroughConduit {

    private final HttpServerExchange exchange;
    private final FaultReporter reporter;
    private final ChunkGrammar grammar;

    private ChunkFraming(StreamSourceConduit next, HttpServerExchange exchange, FaultReporter reporter, int maxTrailerBytes) {
        super(next);
        this.exchange = exchange;
        this.reporter = reporter;
        this.grammar = new ChunkGrammar(maxTrailerBytes);
    }

    /**
     * Puts the check beneath the decoder of a chunked HTTP/1.1 request (HTTP/2 frames bodies itself) and checks
     * the body bytes that arrived together with the headers.
     *
     * @throws ChunkGrammar.InvalidChunkedException if those bytes already break the framing
     */
    static void install(HttpServerExchange exchange, FaultReporter reporter, int maxTrailerBytes) throws ChunkGrammar.InvalidChunkedException {
        if (!(exchange.getConnection() instanceof HttpServerConnection connection)) {
            return;
        }
        ChunkFraming framing = new ChunkFraming(connection.getOriginalSourceConduit(), exchange, reporter, maxTrailerBytes);
        PooledByteBuffer early = connection.getExtraBytes();
        if (early != null) {
            ByteBuffer bytes = early.getBuffer();
            framing.grammar.check(bytes, bytes.position(), bytes.limit());
        }
        // The same chain Undertow builds (decoder over the connection's read-ahead over the socket), with the check
        // below the read-ahead: bytes the decoder pushes back are served again by the read-ahead, not checked twice.
        connection.getChannel().getSourceChannel().setConduit(new ChunkedStreamSourceConduit(
                new ReadDataStreamSourceConduit(framing, connection), exchange, decoder -> {
                    if (!decoder.isFinished()) {
                        exchange.setPersistent(false);
                    }
                    Connectors.terminateRequest(exchange);
                }));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int from = dst.position();
        int n = next.read(dst);
        if (n > 0) {
            checkRead(dst, from, from + n);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        int[] from = new int[len];
        for (int i = 0; i < len; i++) {
            from[i] = dsts[offs + i].position();
        }
        long n = next.read(dsts, offs, len);
        if (n > 0) {
            for (int i = 0; i < len; i++) {
                checkRead(dsts[offs + i], from[i], dsts[offs + i].position());
            }
        }
        return n;
    }



    private void checkRead(ByteBuffer b, int from, int to) throws ChunkGrammar.InvalidChunkedException {
        try {
            grammar.check(b, from, to);
        } catch (ChunkGrammar.InvalidChunkedException e) {
            reporter.record(exchange, ClientFault.INVALID_CHUNKED, e.getMessage());
            throw e;
        }
    }

}
