package io.unstick.session.internal.core;

import io.unstick.session.internal.core.SessionRecord;

/** What a node hears about sessions from the store, on Hazelcast event threads. */
public interface StoreEvents {

    /** The store expired a session; {@code record} is its last state. Delivered to every listening node. */
    void expired(SessionRecord record);

    /** Another node changed the content of a session, or a session was removed; drop any local copy. */
    void changedElsewhere(String sessionId);
}
