package io.unstick.spring.boot;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.unstick.session.HazelcastSessionManager;
import io.unstick.session.micrometer.SessionStoreMeterBinder;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Lifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.Optional;

/**
 * Puts Spring Boot's embedded Tomcat sessions into the unstick session store: a {@link HazelcastSessionManager}
 * configured from {@code unstick.session.*} (the Manager's own attribute names and defaults), Tomcat's jvmRoute from
 * {@code unstick.session.jvm-route}, the store's counters in the {@code MeterRegistry} and an Actuator health
 * contributor {@code unstickSessionStore}. Boot 3.5 (Tomcat 10.1) and Boot 4.0 (Tomcat 11).
 *
 * <pre>
 * unstick.session.cluster-name=shop
 * unstick.session.members=10.0.0.1:5701,10.0.0.2:5701
 * unstick.session.member-port=5701
 * unstick.session.jvm-route=node1
 * </pre>
 *
 * {@code unstick.session.enabled=false} leaves Boot's default session manager in place.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
@ConditionalOnProperty(prefix = ManagerProperties.PREFIX, name = "enabled", matchIfMissing = true)
public class UnstickSessionAutoConfiguration {

    /** The Manager Tomcat starts and stops with its context; the application may look at it (its metrics). */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public HazelcastSessionManager unstickSessionManager(Environment environment) {
        HazelcastVersionCheck.require();
        return ManagerProperties.from(environment).newManager();
    }

    /** Sets the Manager on the context and, when configured, the Engine's jvmRoute before the context starts. */
    static void install(Context context, HazelcastSessionManager manager, Environment environment) {
        context.setManager(manager);
        Optional<String> jvmRoute = ManagerProperties.from(environment).jvmRoute();
        jvmRoute.ifPresent(route -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())
                    && context.getParent() != null && context.getParent().getParent() instanceof Engine engine) {
                engine.setJvmRoute(route);
            }
        }));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.web.embedded.tomcat.TomcatContextCustomizer")
    static class Boot3Tomcat {
        @Bean
        org.springframework.boot.web.embedded.tomcat.TomcatContextCustomizer unstickSessionManagerCustomizer(
                HazelcastSessionManager manager, Environment environment) {
            return context -> install(context, manager, environment);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatContextCustomizer")
    static class Boot4Tomcat {
        @Bean
        org.springframework.boot.tomcat.TomcatContextCustomizer unstickSessionManagerCustomizer(
                HazelcastSessionManager manager, Environment environment) {
            return context -> install(context, manager, environment);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {
        @Bean
        MeterBinder unstickSessionStoreMeters(HazelcastSessionManager manager) {
            return new SessionStoreMeterBinder(manager.getMetrics());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3Health {
        @Bean
        org.springframework.boot.actuate.health.HealthIndicator unstickSessionStoreHealthIndicator(
                HazelcastSessionManager manager) {
            StoreHealth health = new StoreHealth(manager);
            return () -> {
                StoreHealth.Result result = health.check();
                return (result.up() ? org.springframework.boot.actuate.health.Health.up()
                        : org.springframework.boot.actuate.health.Health.down()).withDetails(result.details()).build();
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4Health {
        @Bean
        org.springframework.boot.health.contributor.HealthIndicator unstickSessionStoreHealthIndicator(
                HazelcastSessionManager manager) {
            StoreHealth health = new StoreHealth(manager);
            return () -> {
                StoreHealth.Result result = health.check();
                return (result.up() ? org.springframework.boot.health.contributor.Health.up()
                        : org.springframework.boot.health.contributor.Health.down()).withDetails(result.details()).build();
            };
        }
    }
}
