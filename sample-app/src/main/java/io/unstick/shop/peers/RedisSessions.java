package io.unstick.shop.peers;

import io.unstick.shop.Mode;

import java.util.Locale;
import java.util.Objects;

/**
 * {@code UNSTICK_SESSION_MANAGER=redis}: Redisson's Tomcat session manager against a redis-server on this machine
 * (see {@link RedissonManager}). Unset modes are Redisson's own defaults.
 *
 * @param port       {@code UNSTICK_REDIS_PORT}: the redis-server's port on 127.0.0.1 (default 6379)
 * @param readMode   {@code UNSTICK_REDIS_READ_MODE}: {@code REDIS} (every attribute read from Redis; Redisson's
 *                   default) or {@code MEMORY} (a local copy, kept current by Redis pub/sub)
 * @param updateMode {@code UNSTICK_REDIS_UPDATE_MODE}: {@code DEFAULT} (each {@code setAttribute} written at once;
 *                   Redisson's default) or {@code AFTER_REQUEST} (written after the request)
 */
public record RedisSessions(int port, ReadMode readMode, UpdateMode updateMode) implements PeerManager {

    public static final int DEFAULT_PORT = 6379;

    /** Redisson's {@code readMode}. */
    public enum ReadMode { REDIS, MEMORY }

    /** Redisson's {@code updateMode}. */
    public enum UpdateMode { DEFAULT, AFTER_REQUEST }

    public RedisSessions {
        Objects.requireNonNull(readMode, "readMode");
        Objects.requireNonNull(updateMode, "updateMode");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("UNSTICK_REDIS_PORT must be 1..65535, but was " + port);
        }
    }

    @Override
    public String label() {
        return "redis";
    }

    /**
     * readMode=REDIS serves any session on any node (Redisson documents it as non-sticky): sticky or shared routing.
     * readMode=MEMORY keeps a local copy, as hybrid does: sticky routing only. Hybrid itself is unstick's own manager.
     */
    @Override
    public void requireRouting(Mode mode) {
        boolean fits = readMode == ReadMode.MEMORY ? mode == Mode.STICKY : mode != Mode.HYBRID;
        if (!fits) {
            throw PeerManager.wrongRouting(this, mode, readMode == ReadMode.MEMORY
                    ? "UNSTICK_MODE=sticky with UNSTICK_REDIS_READ_MODE=MEMORY (a local copy needs affinity)"
                    : "UNSTICK_MODE=sticky or shared");
        }
    }

    /** Parses {@code UNSTICK_REDIS_READ_MODE}. */
    public static ReadMode readMode(String value) {
        return parse(ReadMode.class, "UNSTICK_REDIS_READ_MODE", value);
    }

    /** Parses {@code UNSTICK_REDIS_UPDATE_MODE}. */
    public static UpdateMode updateMode(String value) {
        return parse(UpdateMode.class, "UNSTICK_REDIS_UPDATE_MODE", value);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String variable, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " must be one of " + java.util.Arrays.toString(
                    type.getEnumConstants()) + ", but was '" + value + "'", e);
        }
    }
}
