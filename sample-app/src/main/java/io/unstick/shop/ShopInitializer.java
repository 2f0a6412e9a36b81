package io.unstick.shop;

import io.unstick.shop.actions.ShopActions;
import io.unstick.shop.api.ApiRoutes;
import io.unstick.shop.api.JsonIo;
import io.unstick.shop.catalog.Catalog;
import io.unstick.shop.health.Readiness;
import io.unstick.shop.session.SessionOriginListener;
import io.unstick.shop.web.NodeHeaderFilter;
import io.unstick.shop.web.PageRoutes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.util.EnumSet;
import java.util.Set;

/**
 * Sets up the whole shop on a servlet context. The embedded server passes its node name; a standalone
 * Tomcat finds this class through {@code META-INF/services} and takes the node name from the environment.
 */
public final class ShopInitializer implements ServletContainerInitializer {

    private final String nodeName;
    private final Readiness readiness;

    /** Used by a standalone Tomcat that deploys the WAR: ready whenever deployed, the container owns the rest. */
    public ShopInitializer() {
        this(ShopConfig.nodeNameFromEnvironment(), Readiness.always());
    }

    public ShopInitializer(String nodeName, Readiness readiness) {
        this.nodeName = nodeName;
        this.readiness = readiness;
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        ShopActions shop = new ShopActions(Catalog.load(new JsonIo().mapper()));
        context.addFilter("node-header", new NodeHeaderFilter(nodeName))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");
        context.addListener(new SessionOriginListener(nodeName));
        ApiRoutes.register(context, shop, nodeName, readiness);
        PageRoutes.register(context, shop, nodeName);
    }
}
