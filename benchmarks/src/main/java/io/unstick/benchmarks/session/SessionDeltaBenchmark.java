package io.unstick.benchmarks.session;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.core.SessionDelta;
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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.unstick.benchmarks.SetupCheck.require;

/**
 * The session store's end-of-request delta for a shop session (a five-line cart, the user name, the node it
 * started on, the last product viewed): re-serialize what the request set or read, hash, compare, build the
 * delta. The write to Hazelcast that follows is not included.
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
    /** A cart page reads the cart; strings and boxed numbers are immutable, so reading them makes no candidate. */
    private static final Set<String> READ_CART = Set.of(CART);
    private static final Set<String> READ_CART_SET_LAST_VIEWED = new LinkedHashSet<>(List.of(CART, LAST_VIEWED));

    private final EndOfRequest endOfRequest = new EndOfRequest(new AttributeCodec(AttributeCodec.DEFAULT_FILTER), "node1");
    private LoadedSession unchanged;
    private LoadedSession attributeSet;
    private LoadedSession cartMutated;
    private long now;

    @Setup
    public void setUp() {
        AttributeCodec codec = new AttributeCodec(AttributeCodec.DEFAULT_FILTER);
        unchanged = shopSession(codec);
        attributeSet = shopSession(codec);
        attributeSet.setValue(LAST_VIEWED, "P-1004");
        cartMutated = shopSession(codec);
        cartMutated.setValue(CART, ShopCart.ofFiveLines().withQuantity("P-1004", 4));
        now = System.currentTimeMillis();

        require(nothingChanged().isEmpty(), "an unchanged session must give an empty delta");
        require(oneAttributeSet().changed().keySet().equals(Set.of(LAST_VIEWED)), "only lastViewed changed");
        require(cartMutatedInPlace().changed().keySet().equals(Set.of(CART)), "only the cart changed");
    }

    /** (i) The cart was read and left as it was: re-serialized and hashed, nothing to write. */
    @Benchmark
    public SessionDelta nothingChanged() {
        return endOfRequest.delta(unchanged, READ_CART, now, new HashMap<>());
    }

    /** (ii) One small attribute set, the cart read: the attribute goes into the delta, the cart does not. */
    @Benchmark
    public SessionDelta oneAttributeSet() {
        return endOfRequest.delta(attributeSet, READ_CART_SET_LAST_VIEWED, now, new HashMap<>());
    }

    /** (iii) The cart changed in place (no setAttribute): only the hash comparison notices. */
    @Benchmark
    public SessionDelta cartMutatedInPlace() {
        return endOfRequest.delta(cartMutated, READ_CART, now, new HashMap<>());
    }

    private static LoadedSession shopSession(AttributeCodec codec) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(CART, ShopCart.ofFiveLines());
        attributes.put("username", "alice");
        attributes.put("unstick.createdOn", "node1");
        attributes.put(LAST_VIEWED, "P-1002");
        return new LoadedSession("5F2A9C3E1B7D4A6F8E0C2B4D6F8A0C1E", attributes, codec);
    }
}
