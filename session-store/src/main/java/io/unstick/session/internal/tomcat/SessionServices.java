package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.OnUnserializable;

/**
 * What every {@link HazelcastSession} of a manager is built with, once at start.
 *
 * @param local this node's copies, which a session leaves when its last request ends
 */
record SessionServices(AttributeCodec codec, OnUnserializable onUnserializable, Counters counters,
                       LocalSessions local) {
}
