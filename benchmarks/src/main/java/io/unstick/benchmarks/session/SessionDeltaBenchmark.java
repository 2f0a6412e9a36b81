package io.unstick.benchmarks.session;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.StoreCipher;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.EndOfRequest;
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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.unstick.benchmarks.SetupCheck.require;

/**
 * The session store's end-of-request work for a shop session (a five-line cart, the user name, the node it
 * started on, the last product viewed), on the production core: the request's calls recorded in
 * {@code RequestChanges}, then {@code EndOfRequest.plan} — re-serialize what may have changed, hash, compare
 * with the stored digest, seal (AES-GCM) what is written, build the delta. The write to Hazelcast that follows is
 * not included; {@link SealingBenchmark} measures the encryption on its own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SessionDeltaBenchmark {

    private static final String CART = "cart";
    private static final String LAST_VIEWED = "lastViewed";
    private static final long NOW = 1_000_000;

    private final AttributeCodec codec = new AttributeCodec(AttributeCodec.DEFAULT_FILTER);
    private final EndOfRequest endOfRequest = new EndOfRequest(codec, new Counters(), "node1", false);
    private final StoreCipher ciphers = SealingBenchmark.ciphers();
    private ShopSession unchanged;
    private ShopSession attributeSet;
    private ShopSession cartMutated;

    @Setup
    public void setUp() {
        unchanged = shopSession();
        attributeSet = shopSession();
        cartMutated = shopSession();
        cartMutated.replaceValue(CART, ShopCart.ofFiveLines().withQuantity("P-1004", 4));

        require(nothingChanged().delta() == null, "an unchanged session must give no delta");
        require(oneAttributeSet().delta().changed().keySet().equals(Set.of(LAST_VIEWED)), "only lastViewed changed");
        require(cartMutatedInPlace().delta().changed().keySet().equals(Set.of(CART)), "only the cart changed");
    }

    /** (i) The cart was read and left as it was: re-serialized and hashed, nothing to write. */
    @Benchmark
    public EndOfRequest.Plan nothingChanged() {
        readCart(unchanged);
        return endOfRequest(unchanged);
    }

    /**
     * (ii) The cart read, one small attribute set: {@code setAttribute} serializes the string once and the commit
     * seals those bytes; the cart is re-serialized and found unchanged.
     */
    @Benchmark
    public EndOfRequest.Plan oneAttributeSet() {
        readCart(attributeSet);
        String viewed = "P-1004";
        attributeSet.set(LAST_VIEWED, viewed, codec.serialize(LAST_VIEWED, viewed));
        return endOfRequest(attributeSet);
    }

    /** (iii) The cart changed in place (no setAttribute): only the hash comparison notices. */
    @Benchmark
    public EndOfRequest.Plan cartMutatedInPlace() {
        readCart(cartMutated);
        return endOfRequest(cartMutated);
    }

    private EndOfRequest.Plan endOfRequest(ShopSession session) {
        return endOfRequest.plan(session, session.changes().take(), NOW, session.maxInactiveSeconds());
    }

    private static void readCart(ShopSession session) {
        session.changes().read(CART, session.value(CART));
    }

    static Map<String, Object> shopAttributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(CART, ShopCart.ofFiveLines());
        attributes.put("username", "alice");
        attributes.put("unstick.createdOn", "node1");
        attributes.put(LAST_VIEWED, "P-1002");
        return attributes;
    }

    private ShopSession shopSession() {
        return new ShopSession("5F2A9C3E1B7D4A6F8E0C2B4D6F8A0C1E", shopAttributes(), codec, ciphers);
    }
}
