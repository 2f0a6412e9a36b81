package io.unstick.balancer.guard;

import io.undertow.server.HttpServerExchange;
import io.unstick.balancer.listen.ReadThroughConduit;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Counts a streamed (chunked) request body as it is forwarded and fails the read once it crosses the limit,
 * recording the fault so the client gets 413. Undertow's own chunked limit would print a stack trace to stderr
 * instead; bodies with a declared length are checked up front by {@link RequestLimitHandler}.
 */
final class BodyLimitConduit extends ReadThroughConduit {

    private final long maxBytes;
    private final FaultReporter reporter;
    private final HttpServerExchange exchange;
    private long total;

    BodyLimitConduit(StreamSourceConduit next, long maxBytes, FaultReporter reporter, HttpServerExchange exchange) {
        super(next);
        this.maxBytes = maxBytes;
        this.reporter = reporter;
        this.exchange = exchange;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return (int) counted(next.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        return counted(next.read(dsts, offs, len));
    }



    private long counted(long read) throws IOException {
        if (read > 0) {
            total += read;
            if (total > maxBytes) {
                String problem = "chunked request body larger than " + maxBytes + " bytes";
                reporter.record(exchange, ClientFault.BODY_TOO_LARGE, problem);
                exchange.setPersistent(false);
                throw new IOException(problem);
            }
        }
        return read;
    }
}
