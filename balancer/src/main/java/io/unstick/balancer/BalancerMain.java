package io.unstick.balancer;

import io.unstick.balancer.config.BalancerConfig;
import io.unstick.balancer.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar unstick-balancer.jar}: reads the environment once, starts the balancer, stops it on
 * SIGTERM/SIGINT. A bad setting exits with status 2 and one line naming the variable.
 */
public final class BalancerMain {

    private static final Logger log = LoggerFactory.getLogger(BalancerMain.class);

    private BalancerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        BalancerConfig config;
        Balancer balancer;
        try {
            config = BalancerConfig.fromEnv(System.getenv());
            balancer = new Balancer(config); // reads the TLS key and certificate, if any
        } catch (ConfigException e) {
            log.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        if (config.backends().isEmpty()) {
            log.warn("UNSTICK_BACKENDS is empty: every request gets 503 until nodes are added with POST /admin/nodes");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            balancer.close();
            stopped.countDown();
        }, "unstick-shutdown"));
        try {
            balancer.start();
        } catch (RuntimeException e) {
            log.error("cannot start: {}", e.toString(), e);
            System.exit(1);
        }
        stopped.await();
    }
}
