package io.unstick.shop.peers;

import org.redisson.config.Config;
import org.redisson.tomcat.RedissonSessionManager;

/**
 * Redisson's Tomcat session manager ({@code org.redisson:redisson-tomcat-10}, Apache 2.0) as its README sets it up,
 * with everything Redisson's default except the server's address. The equivalent {@code context.xml} and
 * {@code redisson.yaml}:
 *
 * <pre>{@code
 * <Manager className="org.redisson.tomcat.RedissonSessionManager" configPath="${catalina.base}/redisson.yaml"
 *          readMode="REDIS" updateMode="DEFAULT"/>        <!-- broadcastSessionEvents="false" keyPrefix="" -->
 *
 * singleServerConfig:
 *   address: "redis://127.0.0.1:6379"
 * }</pre>
 *
 * The {@link Config} is built here instead of read from a file ({@link RedissonSessionManager#setConfig}); it holds
 * the same settings. Its defaults stay: Kryo 5 as the codec, a 3 s command timeout with 3 retries 1.5 s apart, 24
 * to 64 connections per node. A Redis that does not answer therefore fails a request after several seconds with a
 * 500 — the shop does not turn the peer's failures into its own store's 503, whose promise (nothing changed) a
 * write that may have reached Redis, or a local copy already changed, cannot keep.
 */
final class RedissonManager {

    private RedissonManager() {
    }

    static RedissonSessionManager of(RedisSessions redis) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + redis.port());
        RedissonSessionManager manager = new RedissonSessionManager();
        manager.setConfig(config);
        manager.setReadMode(redis.readMode().name());
        manager.setUpdateMode(redis.updateMode().name());
        return manager;
    }
}
