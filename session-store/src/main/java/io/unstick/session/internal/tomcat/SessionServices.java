package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.OnUnserializable;

import java.util.function.Consumer;

/**
 * What every {@link HazelcastSession} of a manager is built with, once at start.
 *
 * @param local       this node's copies, which a session leaves when its last request ends
 * @param requestUses tells the commit valve that the current request uses a session
 */
record SessionServices(AttributeCodec codec, OnUnserializable onUnserializable, Counters counters,
                              LocalSessions local, Consumer<HazelcastSession> requestUses) {
}
