package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.StoreSecrets;
import io.unstick.session.internal.core.Concurrency;
import io.unstick.session.internal.core.OnUnserializable;
import io.unstick.session.internal.hazelcast.HazelcastSettings;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The manager's configuration, read once at start from the {@code <Manager>} attributes and validated.
 *
 * @param hazelcast how to reach the store
 * @param localCache keep sessions in memory and serve reads locally (hybrid mode)
 * @param concurrency merge or lock
 * @param lockTimeoutMs longest wait for a session lock before answering 503
 * @param lockLeaseMs how long a lock outlives a node that died holding it
 * @param deserializationFilter JDK ObjectInputFilter pattern for attribute values
 * @param onUnserializable what setAttribute does with an unserializable value
 * @param lockIgnored requests whose URI matches take no session lock; null: every request naming a session does
 * @param secrets the cluster secret (and a previous one) that keys and seals what the store holds
 * @param unknownIdCacheSize store keys of unknown session ids remembered, so that a repeated unknown or forged id
 *                           costs no store read; 0: none
 * @param unknownIdCacheMs how long such a key is remembered; 0: not at all
 * @param emptySessionTimeoutSeconds idle timeout of a new session until it holds an attribute or a login; 0: off
 * @param acceptUrlSessionIds take a session id given only in the URL ({@code ;jsessionid=})
 */
public record ManagerSettings(HazelcastSettings hazelcast, boolean localCache, Concurrency concurrency,
                              long lockTimeoutMs, long lockLeaseMs, String deserializationFilter,
                              OnUnserializable onUnserializable, Pattern lockIgnored, StoreSecrets secrets,
                              int unknownIdCacheSize, long unknownIdCacheMs, int emptySessionTimeoutSeconds,
                              boolean acceptUrlSessionIds) {

    /** Parses {@code requestUriIgnorePattern}: blank is none. */
    public static Pattern parseIgnorePattern(String regex) {
        if (regex == null || regex.isBlank()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("requestUriIgnorePattern is not a regular expression: "
                    + e.getMessage(), e);
        }
    }

    public ManagerSettings {
        if (lockTimeoutMs < 0) {
            throw new IllegalArgumentException("lockTimeoutMs must be >= 0, was " + lockTimeoutMs);
        }
        if (lockLeaseMs <= lockTimeoutMs) {
            throw new IllegalArgumentException("lockLeaseMs (" + lockLeaseMs + ") must exceed lockTimeoutMs ("
                    + lockTimeoutMs + ")");
        }
        if (unknownIdCacheSize < 0 || unknownIdCacheMs < 0) {
            throw new IllegalArgumentException("unknownIdCacheSize and unknownIdCacheMs must be >= 0, were "
                    + unknownIdCacheSize + " and " + unknownIdCacheMs);
        }
        if (emptySessionTimeoutSeconds < 0) {
            throw new IllegalArgumentException("emptySessionTimeoutSeconds must be >= 0 (0: off), was "
                    + emptySessionTimeoutSeconds);
        }
        new AttributeCodec(deserializationFilter); // rejects a bad pattern, naming the attribute
    }
}
