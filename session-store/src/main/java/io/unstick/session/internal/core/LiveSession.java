package io.unstick.session.internal.core;

import io.unstick.session.internal.codec.SessionCipher;

/**
 * A session as the container holds it in memory, as far as a commit reads it. The Tomcat adapter's session
 * implements it; a commit holds the object's monitor while it runs.
 */
public interface LiveSession {

    /** The store key: a keyed hash of the session id without its route (see {@code StoreKeys}). */
    String storeKey();

    /** The session's id (Tomcat's, with this node's route if any): stored sealed, for expiry delivery elsewhere. */
    String id();

    /** Seals what this session writes to the store, bound to its store key. */
    SessionCipher cipher();

    /** False once the session is invalidated or expiring: there is nothing left to write. */
    boolean isLive();

    long creationTime();

    /** When the current request started using the session: the access time a commit records. */
    long accessedAt();

    int maxInactiveSeconds();

    /** The login, or null. */
    Object principal();

    String authType();

    /** The in-memory value of an attribute or stored note, without counting as a read; null if absent. */
    Object valueOf(String storedName);

    RequestChanges changes();

    StoredState stored();
}
