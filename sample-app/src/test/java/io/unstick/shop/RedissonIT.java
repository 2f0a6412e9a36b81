package io.unstick.shop;

import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.RequiresTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.io.IOException;
import java.util.Map;

/**
 * UNSTICK_SESSION_MANAGER=redis: Redisson's Tomcat 10 session manager (redisson-tomcat-10) on the shop's embedded
 * Tomcat 11, against a real redis-server, in both read modes; this is what shows the Tomcat 10 artifact runs on 11.
 */
@RequiresTools(PeerTool.REDIS_SERVER)
class RedissonIT {

    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws IOException, InterruptedException {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Redisson's defaults: every attribute read from Redis, so any node serves any request (shared routing). */
    @Nested
    class ReadFromRedis extends PeerSessionManagerScenario {
        @Override
        ShopConfig node(int index) {
            return RedissonIT.node(index, "shared", "REDIS");
        }

        @Override
        String manager() {
            return "RedissonSessionManager";
        }
    }

    /** A local copy on each node, kept current through Redis pub/sub (sticky routing). */
    @Nested
    class LocalCopy extends PeerSessionManagerScenario {
        @Override
        ShopConfig node(int index) {
            return RedissonIT.node(index, "sticky", "MEMORY");
        }

        @Override
        String manager() {
            return "RedissonSessionManager";
        }
    }

    private static ShopConfig node(int index, String mode, String readMode) {
        return ShopConfig.fromEnvironment(Map.of("UNSTICK_MODE", mode, "UNSTICK_NODE_NAME", "node" + index,
                "UNSTICK_PORT", "0", "UNSTICK_MANAGEMENT_PORT", "0", "UNSTICK_SESSION_MANAGER", "redis",
                "UNSTICK_REDIS_PORT", String.valueOf(redis.port()), "UNSTICK_REDIS_READ_MODE", readMode,
                "UNSTICK_REDIS_UPDATE_MODE", "DEFAULT"));
    }
}
