package io.unstick.session.it;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a deserialization gadget: a class the filter allows whose {@code readObject} runs code. It only
 * counts, so that a test can prove that a forged value never reached Java deserialization.
 */
public final class Gadget implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How often Java deserialization ran this class's readObject in this JVM. */
    static final AtomicInteger READS = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        READS.incrementAndGet();
    }
}
