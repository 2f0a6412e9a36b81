package io.unstick.lab.compare.faults.partition;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What each drop rule of a partition dropped, read from {@code iptables -L CHAIN -v -n -x}, whose lines read
 * {@code 12 768 DROP 6 -- * * 0.0.0.0/0 0.0.0.0/0 tcp dpt:18092 /* unstick-partition owner=1@2 victim=node2 to-member *}{@code /}:
 * packets, bytes, ..., and the comment whose last word is the rule's role (see {@link CutRules}).
 *
 * @param byRole packets and bytes per role
 */
record CutCounters(Map<String, Count> byRole) {

    /** Packets and bytes one rule matched. */
    record Count(long packets, long bytes) {
    }

    static CutCounters parse(String listing) {
        Map<String, Count> byRole = new LinkedHashMap<>();
        for (String line : listing.split("\n")) {
            int open = line.indexOf("/* ");
            int close = line.indexOf(" */", open + 3);
            String[] fields = line.trim().split("\\s+");
            if (open < 0 || close < 0 || fields.length < 3 || !fields[2].equals("DROP")) {
                continue;
            }
            String comment = line.substring(open + 3, close).trim();
            String role = comment.substring(comment.lastIndexOf(' ') + 1);
            byRole.merge(role, new Count(Long.parseLong(fields[0]), Long.parseLong(fields[1])),
                    (a, b) -> new Count(a.packets() + b.packets(), a.bytes() + b.bytes()));
        }
        return new CutCounters(Map.copyOf(byRole));
    }

    /** Packets the victim sent towards the others: from its member port, and on its own connections. */
    long victimToOthers() {
        return packets(CutRules.FROM_MEMBER) + packets(CutRules.VICTIM_OUT);
    }

    /** Packets the others sent towards the victim: to its member port, and on its own connections. */
    long othersToVictim() {
        return packets(CutRules.TO_MEMBER) + packets(CutRules.VICTIM_IN);
    }

    /** e.g. {@code node2 → others 1,204 packets, others → node2 1,187 packets}, with {@code peers} "others". */
    String describe(String victim, String peers) {
        return String.format(Locale.ROOT, "%s → %s %,d packets, %s → %s %,d packets", victim, peers, victimToOthers(),
                peers, victim, othersToVictim());
    }

    private long packets(String role) {
        Count count = byRole.get(role);
        return count == null ? 0 : count.packets();
    }
}
