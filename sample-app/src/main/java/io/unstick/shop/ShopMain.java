package io.unstick.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Objects;

/** {@code java -jar unstick-shop.jar}: one shop node, configured by {@code UNSTICK_*} variables. */
public final class ShopMain {

    private static final Logger log = LoggerFactory.getLogger(ShopMain.class);

    private ShopMain() {
    }

    public static void main(String[] args) {
        // Tomcat logs through java.util.logging; send it to the same place as everything else.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        ShopServer server;
        try {
            ShopConfig config = ShopConfig.fromSystemEnvironment();
            server = ShopServer.start(config);
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.error("the shop cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shop-shutdown"));
        ShopConfig config = server.config();
        log.info("shop node {} (unstick {}) serving http://{}:{}/ in {} mode; metrics and health on http://{}:{}/metrics",
                config.nodeName(),
                Objects.requireNonNullElse(ShopMain.class.getPackage().getImplementationVersion(), "development build"),
                config.bindAddress(), server.port(), config.mode().label(),
                config.management().bindAddress(), server.managementPort());
        server.await();
    }
}
