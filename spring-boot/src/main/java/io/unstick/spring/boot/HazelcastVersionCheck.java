package io.unstick.spring.boot;

import com.hazelcast.instance.BuildInfoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Stops the application at start when its Hazelcast is older than the one the store is built and tested with —
 * as happens silently when Spring Boot's dependency management picks its own Hazelcast version — with the one line
 * that fixes it. A newer Hazelcast is only logged: it is untested, not known to be broken.
 */
final class HazelcastVersionCheck {

    private static final Logger log = LoggerFactory.getLogger(HazelcastVersionCheck.class);

    private HazelcastVersionCheck() {
    }

    static void require() {
        check(builtWith(), BuildInfoProvider.getBuildInfo().getVersion());
    }

    /** @throws IllegalStateException when {@code running} is an older major.minor than {@code required} */
    static void check(String required, String running) {
        int order = compareMinor(running, required);
        if (order < 0) {
            throw new IllegalStateException("unstick's session store needs Hazelcast " + minor(required)
                    + " (it is built and tested with " + required + "), but the application has Hazelcast " + running
                    + " — Spring Boot's dependency management chooses its own Hazelcast version. Fix: add"
                    + " <hazelcast.version>" + required + "</hazelcast.version> to the <properties> of your pom.xml"
                    + " (Gradle: ext['hazelcast.version'] = '" + required + "').");
        }
        if (order > 0) {
            log.warn("Hazelcast {} is newer than the {} unstick's session store is tested with", running, required);
        }
    }

    static String builtWith() {
        Properties build = new Properties();
        try (InputStream in = HazelcastVersionCheck.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the unstick starter jar");
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the unstick starter's build.properties", e);
        }
        return build.getProperty("hazelcast.version");
    }

    private static int compareMinor(String a, String b) {
        int[] x = majorMinor(a);
        int[] y = majorMinor(b);
        return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
    }

    private static String minor(String version) {
        int[] parts = majorMinor(version);
        return parts[0] + "." + parts[1];
    }

    private static int[] majorMinor(String version) {
        String[] parts = version.split("[.-]");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read the Hazelcast version '" + version + "'", e);
        }
    }
}
