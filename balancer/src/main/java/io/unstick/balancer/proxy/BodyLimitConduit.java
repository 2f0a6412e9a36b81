package io.unstick.balancer.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Counts a streamed (chunked) request body as it is forwarded and fails the read once it crosses the limit,
 * marking the exchange so the client gets 413. Undertow's own chunked limit would print a stack trace to stderr
 * instead; bodies with a declared length are checked up front by {@link RequestLimitHandler}.
 */
final class BodyLimitConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

    static final AttachmentKey<Boolean> TOO_LARGE = AttachmentKey.create(Boolean.class);

    private final long maxBytes;
    private final HttpServerExchange exchange;
    private long total;

    BodyLimitConduit(StreamSourceConduit next, long maxBytes, HttpServerExchange exchange) {
        super(next);
        this.maxBytes = maxBytes;
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

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }

    private long counted(long read) throws IOException {
        if (read > 0) {
            total += read;
            if (total > maxBytes) {
                exchange.putAttachment(TOO_LARGE, Boolean.TRUE);
                throw new IOException("request body larger than " + maxBytes + " bytes");
            }
        }
        return read;
    }
}
