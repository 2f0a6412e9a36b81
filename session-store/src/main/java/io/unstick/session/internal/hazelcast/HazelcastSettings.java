package io.unstick.session.internal.hazelcast;

import java.util.List;

/**
 * How to obtain the Hazelcast instance, validated on construction.
 *
 * @param topology embedded member or client
 * @param clusterName cluster to join
 * @param members {@code host:port} addresses to join (TCP-IP) or connect to
 * @param memberPort port of the embedded member
 * @param configFile a full Hazelcast XML/YAML file, or null; when set it replaces clusterName/members/memberPort
 * @param instanceName instance name; contexts using the same name share one instance
 * @param mapName the session map
 * @param backupCount synchronous backups of each session (embedded topology)
 * @param resilience store call deadline and split-brain protection
 */
public record HazelcastSettings(Topology topology, String clusterName, List<String> members, int memberPort,
                                String configFile, String instanceName, String mapName, int backupCount,
                                Resilience resilience) {

    public HazelcastSettings {
        if (topology == null) {
            throw new IllegalArgumentException("topology must be set");
        }
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        members = List.copyOf(members);
        for (String member : members) {
            int colon = member.lastIndexOf(':');
            if (colon <= 0 || colon == member.length() - 1) {
                throw new IllegalArgumentException("members must be host:port, got '" + member + "'");
            }
        }
        if (topology == Topology.CLIENT && members.isEmpty() && configFile == null) {
            throw new IllegalArgumentException("topology=client needs members (or hazelcastConfig)");
        }
        if (memberPort < 1 || memberPort > 65535) {
            throw new IllegalArgumentException("memberPort must be 1-65535, was " + memberPort);
        }
        if (backupCount < 0 || backupCount > 6) {
            throw new IllegalArgumentException("backupCount must be 0-6, was " + backupCount);
        }
        if (instanceName == null || instanceName.isBlank()) {
            throw new IllegalArgumentException("instanceName must not be blank");
        }
        if (mapName == null || mapName.isBlank()) {
            throw new IllegalArgumentException("mapName must not be blank");
        }
        if (resilience == null) {
            throw new IllegalArgumentException("resilience must be set");
        }
    }

    /** Splits {@code "a:5701, b:5702"} into addresses; blank gives none. */
    public static List<String> parseMembers(String members) {
        if (members == null || members.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(members.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    boolean allMembersLoopback() {
        return !members.isEmpty() && members.stream()
                .map(m -> m.substring(0, m.lastIndexOf(':')))
                .allMatch(host -> host.equals("127.0.0.1") || host.equals("localhost"));
    }
}
