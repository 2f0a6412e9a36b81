package io.unstick.shop.peers;

import io.unstick.shop.Mode;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code UNSTICK_SESSION_MANAGER=delta|backup}: Tomcat's own session replication over a Tribes cluster on loopback
 * with static membership, never multicast (see {@link TribesCluster}).
 *
 * @param kind    which of Tomcat's cluster managers
 * @param port    {@code UNSTICK_TRIBES_PORT}: this node's Tribes receiver port on 127.0.0.1 (default 4000)
 * @param members {@code UNSTICK_TRIBES_MEMBERS}: comma-separated {@code 127.0.0.1:port} of every node's receiver,
 *                this one included (default: only this node)
 */
public record TribesReplication(Kind kind, int port, List<String> members) implements PeerManager {

    public static final int DEFAULT_PORT = 4000;

    /** Tomcat's two cluster managers (catalina-ha). */
    public enum Kind {
        /** {@code DeltaManager}: every session on every node; changes sent asynchronously (the howto's default). */
        DELTA,
        /** {@code BackupManager}: each session on its primary node and one backup; changes acknowledged synchronously. */
        BACKUP;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TribesReplication {
        Objects.requireNonNull(kind, "kind");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("UNSTICK_TRIBES_PORT must be 1..65535, but was " + port);
        }
        members = List.copyOf(members);
        for (String member : members) {
            if (!member.matches("127\\.0\\.0\\.1:\\d{1,5}")) {
                throw new IllegalArgumentException("UNSTICK_TRIBES_MEMBERS must be comma-separated 127.0.0.1:port"
                        + " (the Tribes cluster stays on loopback), but contained '" + member + "'");
            }
        }
    }

    @Override
    public String label() {
        return kind.label();
    }

    /** Both managers keep a session's primary copy on the node that serves it: the balancer must keep affinity. */
    @Override
    public void requireRouting(Mode mode) {
        if (mode != Mode.STICKY) {
            throw PeerManager.wrongRouting(this, mode, "UNSTICK_MODE=sticky: Tomcat's cluster managers rely on sticky"
                    + " routing");
        }
    }

    /** The receiver ports of the other members. */
    public List<Integer> peerPorts() {
        return members.stream().map(m -> Integer.parseInt(m.substring(m.indexOf(':') + 1)))
                .filter(p -> p != port).distinct().toList();
    }
}
