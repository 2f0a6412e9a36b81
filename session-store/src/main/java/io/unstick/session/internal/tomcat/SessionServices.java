package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.core.OnUnserializable;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** What a {@link HazelcastSession} needs from its manager, handed over once at start. */
public final class SessionServices {

    private final AttributeCodec codec;
    private final Supplier<ClassLoader> webappClassLoader;
    private final OnUnserializable onUnserializable;
    private final boolean localCache;
    private final Counters metrics;
    private final Consumer<HazelcastSession> requestUses;
    private final Consumer<HazelcastSession> dropLocalCopy;

    public SessionServices(AttributeCodec codec, Supplier<ClassLoader> webappClassLoader,
                           OnUnserializable onUnserializable, boolean localCache, Counters metrics,
                           Consumer<HazelcastSession> requestUses, Consumer<HazelcastSession> dropLocalCopy) {
        this.codec = codec;
        this.webappClassLoader = webappClassLoader;
        this.onUnserializable = onUnserializable;
        this.localCache = localCache;
        this.metrics = metrics;
        this.requestUses = requestUses;
        this.dropLocalCopy = dropLocalCopy;
    }

    AttributeCodec codec() {
        return codec;
    }

    ClassLoader webappClassLoader() {
        return webappClassLoader.get();
    }

    OnUnserializable onUnserializable() {
        return onUnserializable;
    }

    boolean localCache() {
        return localCache;
    }

    Counters metrics() {
        return metrics;
    }

    /** The current request obtained this session: commit it when the request ends. */
    void requestUses(HazelcastSession session) {
        requestUses.accept(session);
    }

    /** Forget this node's copy without any event (the store still has the session). */
    void dropLocalCopy(HazelcastSession session) {
        dropLocalCopy.accept(session);
    }
}
