package io.unstick.session.store;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.unstick.session.internal.hazelcast.HazelcastConfigs;
import io.unstick.session.internal.hazelcast.HazelcastSettings;
import io.unstick.session.internal.hazelcast.Resilience;
import io.unstick.session.internal.hazelcast.Topology;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stand-alone member of a session store cluster, for {@code topology="client"}: its members need the unstick
 * classes (the stored record, the entry processors), never the web application's. Runs from the drop-in jar:
 * <pre>
 * UNSTICK_HAZELCAST_PORT=5701 UNSTICK_HAZELCAST_MEMBERS=10.0.0.5:5701,10.0.0.6:5701 \
 *     java -jar unstick-session-store-&lt;version&gt;-all.jar
 * </pre>
 * Environment: {@code UNSTICK_HAZELCAST_PORT} (default 5701), {@code UNSTICK_HAZELCAST_MEMBERS} (the TCP-IP join
 * list, default this member on 127.0.0.1; the entry on this machine with that port is the one address the member
 * binds), {@code UNSTICK_HAZELCAST_CLIENT_PORT} (where the Tomcat nodes connect as clients; default the member port),
 * {@code UNSTICK_HAZELCAST_CLUSTER} (default {@code unstick}, the manager's default clusterName),
 * {@code UNSTICK_HAZELCAST_CONFIG} (a full Hazelcast XML/YAML file instead). Multicast stays off and phone-home
 * disabled, as everywhere in unstick.
 */
public final class StoreMember {

    private StoreMember() {
    }

    public static void main(String[] args) {
        HazelcastInstance member = start(System.getenv());
        System.out.println("unstick session store member " + member.getCluster().getLocalMember().getAddress()
                + " in cluster " + member.getConfig().getClusterName() + " started (unstick "
                + Objects.requireNonNullElse(StoreMember.class.getPackage().getImplementationVersion(), "development build")
                + ")");
    }

    /** Starts a member configured from {@code env} (the variables above); the caller owns and shuts it down. */
    public static HazelcastInstance start(Map<String, String> env) {
        int port = port("UNSTICK_HAZELCAST_PORT", env.getOrDefault("UNSTICK_HAZELCAST_PORT", "5701"));
        String clientPort = env.get("UNSTICK_HAZELCAST_CLIENT_PORT");
        List<String> members = HazelcastSettings.parseMembers(env.get("UNSTICK_HAZELCAST_MEMBERS"));
        String file = env.get("UNSTICK_HAZELCAST_CONFIG");
        HazelcastSettings settings = new HazelcastSettings(Topology.EMBEDDED,
                env.getOrDefault("UNSTICK_HAZELCAST_CLUSTER", "unstick"),
                members.isEmpty() ? List.of("127.0.0.1:" + port) : members, port,
                file == null || file.isBlank() ? null : file, "unstick-store-member-" + port,
                "unstick-sessions:*", 1, Resilience.DEFAULT, null,
                clientPort == null || clientPort.isBlank() ? port : port("UNSTICK_HAZELCAST_CLIENT_PORT", clientPort));
        ClassLoader loader = StoreMember.class.getClassLoader();
        return Hazelcast.newHazelcastInstance(HazelcastConfigs.member(settings, loader));
    }

    private static int port(String variable, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a number, but was '" + value + "'", e);
        }
    }
}
