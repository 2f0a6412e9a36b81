package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.StoreCipher;
import io.unstick.session.internal.codec.StoreKeys;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.OnUnserializable;

/**
 * What every {@link HazelcastSession} of a manager is built with, once at start.
 *
 * @param local this node's copies, which a session leaves when its last request ends
 * @param keys the store key of a new session's id
 * @param ciphers the sealing of a session's values, by store key
 * @param emptySessionTimeoutSeconds a new session's idle timeout until it holds something; 0: off
 */
record SessionServices(AttributeCodec codec, OnUnserializable onUnserializable, Counters counters,
                       LocalSessions local, StoreKeys keys, StoreCipher ciphers,
                       int emptySessionTimeoutSeconds) {
}
