package io.unstick.lab.compare.faults.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The iptables rules (filter table, {@code OUTPUT}: on loopback every packet passes it once, on its sender's side)
 * that cut one node's Hazelcast member off from the other members of the same stack, and nothing else.
 *
 * <p>Members talk over TCP connections that either side may open, from an ephemeral port. So:
 * <ul>
 *   <li>connections to the victim's member port are cut by that port alone ({@code to-member}, {@code from-member});</li>
 *   <li>connections the victim opens to the others come from a port nobody knows in advance. The victim runs in a
 *       cgroup of its own, so its packets to the others' member ports are recognised by that cgroup
 *       ({@code victim-out}). The answers travel back from another process's socket, so the {@code mark} rule, in
 *       place from before the stack starts, marks each such connection when the victim opens it (conntrack), and
 *       {@code victim-in} drops the marked connections' packets from the others' member ports.</li>
 * </ul>
 * A node of a Redis peer has no member port: {@link #toServer} cuts the victim off from the redis-server with the last
 * two rules alone, the server's port in place of the others' member ports.
 * Every rule sits behind one jump rule that matches only TCP on {@code lo} with one of this stack's member ports (or
 * the server's) as source or destination, and every rule carries a comment with the owner, so leftovers can be
 * found and removed.
 *
 * @param chain   this lab process's own chain
 * @param comment the comment shared by its rules: {@code unstick-partition owner=<pid>@<start> victim=node2}
 * @param jump    {@code OUTPUT} rule sending this stack's member traffic on lo into the chain
 * @param mark    the chain's first rule, from stack start to end: marks the victim's own member connections
 * @param drops   the cut: the rules added to the chain at the fault's start and removed at the heal
 */
record CutRules(String chain, String comment, List<String> jump, List<String> mark, List<List<String>> drops) {

    /** The comment's common prefix, how leftovers are recognised. */
    static final String TAG = "unstick-partition";
    /** Chains are named {@code unstick-<pid>} (iptables allows 28 characters). */
    static final String CHAIN_PREFIX = "unstick-";
    /** A connection mark in bits no other user of this machine's connmark is expected to use. */
    static final String CONNMARK = "0x756e0000/0xffff0000";

    /** The roles of the drop rules, as the last word of their comments, which the counters are read by. */
    static final String TO_MEMBER = "to-member";
    static final String FROM_MEMBER = "from-member";
    static final String VICTIM_OUT = "victim-out";
    static final String VICTIM_IN = "victim-in";

    CutRules {
        jump = List.copyOf(jump);
        mark = List.copyOf(mark);
        drops = drops.stream().map(List::copyOf).toList();
    }

    /**
     * @param victim      the node whose member is cut off
     * @param victimPort  its member port
     * @param otherPorts  the other members' ports of the same stack
     * @param cgroupPath  the victim's cgroup, as a path in the cgroup v2 hierarchy ({@code /unstick-lab-...})
     */
    static CutRules of(Owner owner, String victim, int victimPort, List<Integer> otherPorts, String cgroupPath) {
        if (otherPorts.isEmpty() || otherPorts.contains(victimPort)) {
            throw new IllegalArgumentException("a partition needs other members than the victim's port " + victimPort
                    + ", not " + otherPorts);
        }
        List<Integer> all = new ArrayList<>(otherPorts);
        all.add(victimPort);
        CutRules victimsOwn = ofVictimsConnections(owner, victim, otherPorts, all, cgroupPath);
        String comment = victimsOwn.comment();
        List<List<String>> drops = new ArrayList<>(List.of(
                List.of(victimsOwn.chain(), "-p", "tcp", "--dport", String.valueOf(victimPort),
                        "-m", "comment", "--comment", comment + " " + TO_MEMBER, "-j", "DROP"),
                List.of(victimsOwn.chain(), "-p", "tcp", "--sport", String.valueOf(victimPort),
                        "-m", "comment", "--comment", comment + " " + FROM_MEMBER, "-j", "DROP")));
        drops.addAll(victimsOwn.drops());
        return new CutRules(victimsOwn.chain(), comment, victimsOwn.jump(), victimsOwn.mark(), drops);
    }

    /**
     * The rules that cut the victim's connections to a server all nodes share (a Redis peer's redis-server), both
     * ways, and nothing else: the other nodes keep theirs.
     *
     * @param serverPort the server's port
     * @param cgroupPath the victim's cgroup, as a path in the cgroup v2 hierarchy
     */
    static CutRules toServer(Owner owner, String victim, int serverPort, String cgroupPath) {
        return ofVictimsConnections(owner, victim, List.of(serverPort), List.of(serverPort), cgroupPath);
    }

    /** The jump, the mark and the two drops of the connections the victim opens to {@code targets}. */
    private static CutRules ofVictimsConnections(Owner owner, String victim, List<Integer> targets, List<Integer> jumpPorts,
                                                 String cgroupPath) {
        String chain = CHAIN_PREFIX + owner.pid();
        String comment = TAG + " " + owner.tag() + " victim=" + victim;
        String others = ports(targets);
        List<String> jump = List.of("OUTPUT", "-o", "lo", "-p", "tcp", "-m", "multiport", "--ports", ports(jumpPorts),
                "-m", "comment", "--comment", comment, "-j", chain);
        List<String> mark = List.of(chain, "-p", "tcp", "-m", "multiport", "--dports", others,
                "-m", "cgroup", "--path", cgroupPath, "-m", "comment", "--comment", comment + " mark",
                "-j", "CONNMARK", "--set-xmark", CONNMARK);
        List<List<String>> drops = List.of(
                List.of(chain, "-p", "tcp", "-m", "multiport", "--dports", others, "-m", "cgroup", "--path", cgroupPath,
                        "-m", "comment", "--comment", comment + " " + VICTIM_OUT, "-j", "DROP"),
                List.of(chain, "-p", "tcp", "-m", "multiport", "--sports", others, "-m", "connmark", "--mark", CONNMARK,
                        "-m", "comment", "--comment", comment + " " + VICTIM_IN, "-j", "DROP"));
        return new CutRules(chain, comment, jump, mark, drops);
    }

    private static String ports(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
