package io.unstick.lab.compare.faults.partition;

import io.unstick.lab.compare.faults.Fault;
import io.unstick.lab.stack.StackSpec;
import io.unstick.lab.stack.Variant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code --fault partition} needs from the machine, checked once before anything starts: Linux, root,
 * {@code iptables} with the {@code cgroup}, {@code connmark} and {@code multiport} matches, and the cgroup v2
 * hierarchy. Preparing also removes what partitions of lab processes that died left behind (see
 * {@link StaleCuts}). Then it makes one {@link PartitionFault} per mode's run.
 *
 * <pre>
 * NetworkCuts cuts = NetworkCuts.prepare();        // throws, with what is missing, on a machine that cannot
 * try (Fault fault = cuts.fault(stackSpec, "node2", Duration.ofSeconds(30))) { ... }
 * </pre>
 */
public final class NetworkCuts {

    private static final String NEEDS = "--fault partition needs Linux, root and iptables (it cuts a node's Hazelcast"
            + " member, Tribes receiver or Redis connections off with firewall rules on lo and a cgroup of its own): ";

    private final Iptables iptables;
    private final CgroupRoot cgroups;
    private final Owner owner;
    private final List<String> cleaned;

    private NetworkCuts(Iptables iptables, CgroupRoot cgroups, Owner owner, List<String> cleaned) {
        this.iptables = iptables;
        this.cgroups = cgroups;
        this.owner = owner;
        this.cleaned = List.copyOf(cleaned);
    }

    /**
     * Checks this machine, removes leftovers of dead runs, and proves the rules load (a probe chain and cgroup,
     * removed at once).
     *
     * @throws IllegalStateException naming what is missing and how to get it
     */
    public static NetworkCuts prepare() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new IllegalStateException(NEEDS + "this is " + System.getProperty("os.name"));
        }
        if (!isRoot()) {
            throw new IllegalStateException(NEEDS + "run it as root (sudo ./unstick compare --fault partition ...)");
        }
        Iptables iptables = iptables();
        CgroupRoot cgroups = cgroups();
        List<String> cleaned = new ArrayList<>(StaleCuts.clean(iptables, cgroups));
        Owner owner = Owner.current();
        probe(iptables, cgroups, owner);
        return new NetworkCuts(iptables, cgroups, owner, cleaned);
    }

    /**
     * Removes what partitions of lab processes that are gone left behind (rules, chains, empty cgroups), as
     * {@link #prepare()} does first: for whoever had to kill a lab process (a test past its time limit).
     *
     * @return one line per thing removed or left
     * @throws IllegalStateException when iptables or the cgroup v2 hierarchy is missing
     */
    public static List<String> removeLeftovers() {
        return StaleCuts.clean(iptables(), cgroups());
    }

    private static Iptables iptables() {
        return Iptables.find().orElseThrow(() -> new IllegalStateException(NEEDS
                + "iptables is not installed (apt-get install iptables)"));
    }

    private static CgroupRoot cgroups() {
        return CgroupRoot.find(readLines(CgroupRoot.MOUNTINFO)).orElseThrow(() -> new IllegalStateException(
                NEEDS + "no cgroup v2 hierarchy is mounted (none in " + CgroupRoot.MOUNTINFO + ")"));
    }

    /** What {@link #prepare()} removed or left of earlier runs, one line each, for the user. */
    public List<String> cleaned() {
        return cleaned;
    }

    /**
     * Prepares the partition of one mode's run: the victim's cgroup and the rules' chain (the connection-marking
     * rule only), both removed by the fault's {@link Fault#close()}. With members between the nodes (Hazelcast,
     * Tribes) the victim's member is cut off from the others'; in a Redis peer the victim is cut off from the
     * redis-server, which the other nodes keep.
     *
     * @param victim  the node to cut off (node1..nodeN)
     * @param holdFor how long the cut lasts
     */
    public Fault fault(StackSpec stack, String victim, Duration holdFor) {
        int index = indexOf(stack, victim);
        VictimCgroup cgroup = VictimCgroup.create(cgroups, owner, victim);
        if (stack.variant().store() == Variant.Store.REDIS) {
            CutRules rules = CutRules.toServer(owner, victim, stack.redisPort(), cgroup.hierarchyPath());
            return PartitionFault.install(iptables, rules, cgroup, victim, victim + " cut off from the redis-server (port "
                    + stack.redisPort() + ")", "redis-server", holdFor);
        }
        List<Integer> others = new ArrayList<>();
        List<String> otherNames = new ArrayList<>();
        for (int i = 1; i <= stack.nodes(); i++) {
            if (i != index) {
                others.add(stack.hazelcastPort(i));
                otherNames.add(stack.nodeName(i));
            }
        }
        CutRules rules = CutRules.of(owner, victim, stack.hazelcastPort(index), others, cgroup.hierarchyPath());
        return PartitionFault.install(iptables, rules, cgroup, victim, victim + "'s Hazelcast member cut off from "
                + String.join(", ", otherNames), "others", holdFor);
    }

    private static int indexOf(StackSpec stack, String node) {
        for (int i = 1; i <= stack.nodes(); i++) {
            if (stack.nodeName(i).equals(node)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the stack has no node " + node + " to cut off");
    }

    /** Loads every kind of rule a partition uses into a chain of its own, then removes it and its cgroup. */
    private static void probe(Iptables iptables, CgroupRoot cgroups, Owner owner) {
        VictimCgroup cgroup = VictimCgroup.create(cgroups, owner, "probe");
        CutRules rules = CutRules.of(owner, "probe", 1, List.of(2), cgroup.hierarchyPath());
        try {
            iptables.run("-N", rules.chain());
            try {
                iptables.append(rules.mark());
                rules.drops().forEach(iptables::append);
            } finally {
                iptables.run("-F", rules.chain());
                iptables.run("-X", rules.chain());
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException(NEEDS + "this kernel or iptables cannot load the rules: " + e.getMessage(), e);
        } finally {
            cgroup.remove();
        }
    }

    /** The effective uid, from the kernel's own account of this process. */
    private static boolean isRoot() {
        for (String line : readLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length > 1 && ids[1].equals("0");
            }
        }
        return false;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException(NEEDS + "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
