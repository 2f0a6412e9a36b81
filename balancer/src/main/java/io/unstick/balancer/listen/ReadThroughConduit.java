package io.unstick.balancer.listen;

import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A source conduit that must see every byte it passes on (to count, check or watch it): zero-copy transfers are
 * routed through its own {@code read}, so no byte slips past a subclass's {@code read} override.
 */
public abstract class ReadThroughConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

    protected ReadThroughConduit(StreamSourceConduit next) {
        super(next);
    }

    @Override
    public final long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public final long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }
}
