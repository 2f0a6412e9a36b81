package io.unstick.benchmarks.session;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.SessionCipher;
import io.unstick.session.internal.codec.StoreCipher;
import io.unstick.session.internal.codec.StoreKeys;
import io.unstick.session.internal.codec.StoreSecret;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.StoredValues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

import static io.unstick.benchmarks.SetupCheck.require;

/**
 * What the session store's protection costs a request of a shop session, on the production code: the store key of
 * the cookie's id (one HMAC), the session's key (one HKDF step), opening the stored record when it is loaded (every
 * value, the id included), and sealing one changed cart at the end. A shared-mode request that changes its cart pays
 * {@code storeKey + sessionCipher + openRecord + sealCart}; one that changes nothing pays the first three.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SealingBenchmark {

    private static final String ID = "5F2A9C3E1B7D4A6F8E0C2B4D6F8A0C1E";

    private final AttributeCodec codec = new AttributeCodec(AttributeCodec.DEFAULT_FILTER);
    private final StoreKeys keys = new StoreKeys(secret(), null, "unstick-sessions:localhost/");
    private final StoreCipher ciphers = ciphers();
    private final StoredValues values = new StoredValues(new Counters());
    private ShopSession session;
    private byte[] cart;

    static StoreSecret secret() {
        return StoreSecret.of("a benchmark secret of at least thirty-two characters", "benchmark");
    }

    static StoreCipher ciphers() {
        return new StoreCipher(secret(), null, "unstick-sessions:localhost/");
    }

    @Setup
    public void setUp() {
        session = new ShopSession(ID, SessionDeltaBenchmark.shopAttributes(), codec, ciphers);
        cart = codec.serialize("cart", ShopCart.ofFiveLines());
        require(openRecord().refused().isEmpty() && openRecord().attributes().size() == 4, "the record opens whole");
        require(openRecord().idBase().equals(ID), "the sealed id opens");
    }

    @Benchmark
    public String storeKey() {
        return keys.of(ID);
    }

    @Benchmark
    public SessionCipher sessionCipher() {
        return ciphers.forSession(ID);
    }

    @Benchmark
    public StoredValues.Opened openRecord() {
        return values.open(session.record(), session.cipher());
    }

    @Benchmark
    public byte[] sealCart() {
        return session.cipher().seal("cart", cart);
    }
}
