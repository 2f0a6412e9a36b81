package io.unstick.session.internal.hazelcast;

import io.unstick.session.internal.codec.StoreSecrets;

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
 * @param memberAddress the address the embedded member binds and advertises, or null to find it in {@code members}
 *                      ({@link MemberAddress})
 * @param clientPort port on which the embedded member also accepts Hazelcast clients: 0 for none (the default: a
 *                   member endpoint only), {@code memberPort} for both on one port, another port for a separate
 *                   client endpoint
 */
public record HazelcastSettings(Topology topology, String clusterName, List<String> members, int memberPort,
                                String configFile, String instanceName, String mapName, int backupCount,
                                Resilience resilience, String memberAddress, int clientPort) {

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
        if (memberAddress != null && memberAddress.isBlank()) {
            memberAddress = null;
        }
        if (clientPort < 0 || clientPort > 65535) {
            throw new IllegalArgumentException("clientPort must be 0 (none) or 1-65535, was " + clientPort);
        }
    }

    /** An embedded member's settings without clients: its member endpoint only, on the address found in members. */
    public HazelcastSettings(Topology topology, String clusterName, List<String> members, int memberPort,
                             String configFile, String instanceName, String mapName, int backupCount,
                             Resilience resilience) {
        this(topology, clusterName, members, memberPort, configFile, instanceName, mapName, backupCount, resilience,
                null, 0);
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

    /**
     * Who can reach the store, which decides what happens without a secret ({@link StoreSecrets#resolve}): other
     * machines unless every address involved is a loopback address — the member's own (embedded) and every member
     * listed; a {@code hazelcastConfig} file is never taken as confined. On loopback, an embedded member that lists
     * no other member is alone.
     */
    public StoreSecrets.Reach reach() {
        if (configFile != null) {
            return StoreSecrets.Reach.NETWORK;
        }
        boolean hosts = members.stream().allMatch(m -> MemberAddress.isLoopback(m.substring(0, m.lastIndexOf(':'))));
        if (topology == Topology.CLIENT) {
            return hosts ? StoreSecrets.Reach.LOOPBACK : StoreSecrets.Reach.NETWORK;
        }
        if (!hosts || !MemberAddress.isLoopback(MemberAddress.resolve(memberAddress, members, memberPort))) {
            return StoreSecrets.Reach.NETWORK;
        }
        return members.size() <= 1 ? StoreSecrets.Reach.THIS_MEMBER_ON_LOOPBACK : StoreSecrets.Reach.LOOPBACK;
    }
}
