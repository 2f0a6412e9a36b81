package io.unstick.lab.compare.faults.partition;

import io.unstick.lab.compare.faults.Fault;
import io.unstick.lab.compare.faults.FaultContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * One node's Hazelcast member (or Tribes receiver) cut off from the other members, or for a Redis peer the node cut
 * off from the redis-server, for a stated time, then healed, while its HTTP port stays up: the node still takes
 * requests, its sessions' peers cannot be reached. Installed before the stack
 * starts (the victim's cgroup, the chain with its connection-marking rule, see {@link CutRules}); the cut adds
 * the drop rules, the heal removes them and reports what they dropped; {@link #close()} removes everything.
 */
final class PartitionFault implements Fault {

    private static final Logger log = LoggerFactory.getLogger(PartitionFault.class);

    private final Iptables iptables;
    private final CutRules rules;
    private final VictimCgroup cgroup;
    private final String victim;
    /** What the cut does, as the run's event says it: {@code node2's Hazelcast member cut off from node1, node3}. */
    private final String cutOff;
    /** Whom the victim is cut off from, in the dropped-packet counts: {@code others}, {@code redis-server}. */
    private final String peers;
    private final Duration holdFor;
    private boolean chainInstalled;
    private boolean cut;
    private boolean cgroupRemoved;

    private PartitionFault(Iptables iptables, CutRules rules, VictimCgroup cgroup, String victim, String cutOff,
                           String peers, Duration holdFor) {
        this.iptables = iptables;
        this.rules = rules;
        this.cgroup = cgroup;
        this.victim = victim;
        this.cutOff = cutOff;
        this.peers = peers;
        this.holdFor = holdFor;
    }

    /** Creates the chain, its marking rule and the jump to it; undoes what it did if a step fails. */
    static PartitionFault install(Iptables iptables, CutRules rules, VictimCgroup cgroup, String victim, String cutOff,
                                  String peers, Duration holdFor) {
        PartitionFault fault = new PartitionFault(iptables, rules, cgroup, victim, cutOff, peers, holdFor);
        try {
            fault.installChain();
            return fault;
        } catch (RuntimeException e) {
            fault.close();
            throw e;
        }
    }

    @Override
    public List<String> launch(String node, List<String> command) {
        return node.equals(victim) ? cgroup.launch(command) : command;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        cut();
        context.event(cutOff + " for " + holdFor.toSeconds() + " s (its HTTP port stays up)");
        CutCounters dropped;
        try {
            Thread.sleep(holdFor.toMillis());
        } finally {
            dropped = heal();
            if (dropped != null) {
                context.event("network healed; the cut dropped " + dropped.describe(victim, peers));
            }
        }
        if (dropped != null && (dropped.victimToOthers() == 0 || dropped.othersToVictim() == 0)) {
            throw new IllegalStateException("the partition dropped no packet in one direction ("
                    + dropped.describe(victim, peers) + "): the cut did not take effect");
        }
    }

    /** Removes the drop rules (if still there), the chain, the jump to it and, once the node is gone, the cgroup. */
    @Override
    public synchronized void close() {
        try {
            heal();
        } catch (RuntimeException e) {
            log.warn("could not heal the partition of {}: {}", victim, e.getMessage());
        }
        if (chainInstalled) {
            removeChain();
        }
        if (!cgroupRemoved) {
            cgroupRemoved = cgroup.remove();
        }
    }

    private synchronized void installChain() {
        iptables.run("-N", rules.chain());
        chainInstalled = true;
        iptables.append(rules.mark());
        iptables.insert(rules.jump());
    }

    private synchronized void cut() {
        if (!chainInstalled) {
            throw new IllegalStateException("the partition of " + victim + " was already closed");
        }
        cut = true;
        rules.drops().forEach(iptables::append);
    }

    /** @return what the drop rules dropped, or null if they were not in place */
    private synchronized CutCounters heal() {
        if (!cut) {
            return null;
        }
        CutCounters counters = CutCounters.parse(iptables.run("-L", rules.chain(), "-v", "-n", "-x"));
        for (List<String> drop : rules.drops()) {
            deleteQuietly(drop);
        }
        cut = false;
        return counters;
    }

    private void removeChain() {
        deleteQuietly(rules.jump());
        try {
            iptables.run("-F", rules.chain());
            iptables.run("-X", rules.chain());
            chainInstalled = false;
        } catch (IllegalStateException e) {
            log.warn("could not remove the chain {}: {} (the next compare --fault partition removes it)",
                    rules.chain(), e.getMessage());
        }
    }

    /** A rule that is already gone is fine; anything else is logged, and the chain's flush removes it anyway. */
    private void deleteQuietly(List<String> rule) {
        try {
            iptables.delete(rule);
        } catch (IllegalStateException e) {
            log.debug("rule not deleted: {}", e.getMessage());
        }
    }
}
