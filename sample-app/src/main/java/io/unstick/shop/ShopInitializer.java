package io.unstick.shop;

import io.unstick.shop.actions.ShopActions;
import io.unstick.shop.api.ApiRoutes;
import io.unstick.shop.api.JsonIo;
import io.unstick.shop.catalog.Catalog;
import io.unstick.shop.health.Readiness;
import io.unstick.shop.session.SessionLifetime;
import io.unstick.shop.session.SessionOriginListener;
import io.unstick.shop.web.CrossOriginFilter;
import io.unstick.shop.web.NodeHeaderFilter;
import io.unstick.shop.web.PageRoutes;
import io.unstick.shop.web.SecurityHeadersFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Sets up the whole shop on a servlet context. The embedded server passes its node name; a standalone
 * Tomcat finds this class through {@code META-INF/services} and takes the node name from the environment.
 */
public final class ShopInitializer implements ServletContainerInitializer {

    private final String nodeName;
    private final Duration emptySessionTimeout;
    private final Readiness readiness;

    /** Used by a standalone Tomcat that deploys the WAR: ready whenever deployed, the container owns the rest. */
    public ShopInitializer() {
        this(ShopConfig.nodeNameFromEnvironment(), ShopConfig.emptySessionTimeoutFromEnvironment(), Readiness.always());
    }

    public ShopInitializer(String nodeName, Duration emptySessionTimeout, Readiness readiness) {
        this.nodeName = nodeName;
        this.emptySessionTimeout = emptySessionTimeout;
        this.readiness = readiness;
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        SessionLifetime lifetime = new SessionLifetime(emptySessionTimeout);
        ShopActions shop = new ShopActions(Catalog.load(new JsonIo().mapper()), lifetime);
        // The session id travels in a cookie only: never written into URLs nor taken from ";jsessionid=", so a link
        // cannot put a visitor into someone else's session.
        context.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
        SessionCookieConfig cookie = context.getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Lax");
        EnumSet<DispatcherType> everyResponse = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR);
        context.addFilter("node-header", new NodeHeaderFilter(nodeName))
                .addMappingForUrlPatterns(everyResponse, false, "/*");
        context.addFilter("security-headers", new SecurityHeadersFilter())
                .addMappingForUrlPatterns(everyResponse, false, "/*");
        context.addFilter("cross-origin", new CrossOriginFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addListener(lifetime);
        context.addListener(new SessionOriginListener(nodeName));
        ApiRoutes.register(context, shop, nodeName, readiness);
        PageRoutes.register(context, shop, nodeName);
    }
}
