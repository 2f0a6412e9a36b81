package io.unstick.spring.boot;

import io.unstick.session.HazelcastSessionManager;
import org.apache.tomcat.util.IntrospectionUtils;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code unstick.session.*} → the Manager's attributes, the way Tomcat applies {@code <Manager .../>} attributes
 * from context.xml: by the Manager's own bean setters, so the names and the defaults are the Manager's and there is
 * no second list to keep in step. Any of Spring's relaxed forms works ({@code unstick.session.cluster-name},
 * {@code clusterName}, {@code UNSTICK_SESSION_CLUSTERNAME}); an unknown name stops the application with a message.
 *
 * <p>Two keys are the starter's own: {@code enabled} (default true) and {@code jvm-route} (Tomcat's Engine jvmRoute,
 * the suffix of session ids that sticky balancers route on).
 */
final class ManagerProperties {

    static final String PREFIX = "unstick.session";

    private final Map<String, String> values;

    private ManagerProperties(Map<String, String> values) {
        this.values = values;
    }

    static ManagerProperties from(Environment environment) {
        Map<String, String> bound = Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        return new ManagerProperties(new TreeMap<>(bound));
    }

    /** Tomcat's jvmRoute for this node, if set. */
    Optional<String> jvmRoute() {
        return values.entrySet().stream().filter(entry -> normalized(entry.getKey()).equals("jvmroute"))
                .map(Map.Entry::getValue).filter(value -> !value.isBlank()).findFirst();
    }

    /** A Manager configured from the properties; its unset attributes keep the Manager's defaults. */
    HazelcastSessionManager newManager() {
        HazelcastSessionManager manager = new HazelcastSessionManager();
        Map<String, String> attributes = attributes();
        for (Map.Entry<String, String> property : values.entrySet()) {
            String key = normalized(property.getKey());
            if (key.equals("enabled") || key.equals("jvmroute")) {
                continue;
            }
            String attribute = attributes.get(key);
            if (attribute == null) {
                throw new IllegalStateException(PREFIX + "." + property.getKey() + " is not an attribute of "
                        + "HazelcastSessionManager; its attributes: " + String.join(", ", attributes.values())
                        + " (see the session store's README)");
            }
            if (!IntrospectionUtils.setProperty(manager, attribute, property.getValue())) {
                throw new IllegalStateException(PREFIX + "." + property.getKey() + "=" + property.getValue()
                        + " is not a valid value for the Manager's " + attribute);
            }
        }
        return manager;
    }

    /** The Manager's writable attributes, by normalized name. */
    private static Map<String, String> attributes() {
        try {
            Map<String, String> names = new TreeMap<>();
            for (PropertyDescriptor property : Introspector.getBeanInfo(HazelcastSessionManager.class).getPropertyDescriptors()) {
                Class<?> type = property.getPropertyType();
                if (property.getWriteMethod() != null && (type == String.class || type.isPrimitive())) {
                    names.put(normalized(property.getName()), property.getName());
                }
            }
            return names;
        } catch (IntrospectionException e) {
            throw new IllegalStateException("cannot read HazelcastSessionManager's attributes", e);
        }
    }

    /** {@code cluster-name}, {@code clusterName}, {@code cluster.name}, {@code CLUSTER_NAME} → {@code clustername}. */
    private static String normalized(String key) {
        return key.replaceAll("[-_.\\[\\]]", "").toLowerCase(Locale.ROOT);
    }
}
