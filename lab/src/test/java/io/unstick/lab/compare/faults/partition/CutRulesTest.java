package io.unstick.lab.compare.faults.partition;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CutRulesTest {

    private static final Owner OWNER = new Owner(4242, 1_700_000_000_000L);
    private static final CutRules RULES = CutRules.of(OWNER, "node2", 18092, List.of(18091, 18093),
            "/unstick-lab-4242-1700000000000-node2");

    @Test
    void onlyThisStacksMemberTrafficOnLoopbackEntersTheChain() {
        assertThat(RULES.chain()).isEqualTo("unstick-4242");
        assertThat(RULES.jump()).containsExactly("OUTPUT", "-o", "lo", "-p", "tcp", "-m", "multiport", "--ports",
                "18091,18093,18092", "-m", "comment", "--comment", "unstick-partition owner=4242@1700000000000 victim=node2",
                "-j", "unstick-4242");
    }

    @Test
    void theCutDropsBothDirectionsOfEveryConnectionOfTheVictimsMember() {
        assertThat(RULES.drops()).containsExactly(
                rule("-p", "tcp", "--dport", "18092", "to-member", "DROP"),
                rule("-p", "tcp", "--sport", "18092", "from-member", "DROP"),
                rule("-p", "tcp", "-m", "multiport", "--dports", "18091,18093", "-m", "cgroup", "--path",
                        "/unstick-lab-4242-1700000000000-node2", "victim-out", "DROP"),
                rule("-p", "tcp", "-m", "multiport", "--sports", "18091,18093", "-m", "connmark", "--mark",
                        "0x756e0000/0xffff0000", "victim-in", "DROP"));
        assertThat(RULES.mark()).containsSubsequence("--dports", "18091,18093", "--path",
                "/unstick-lab-4242-1700000000000-node2", "-j", "CONNMARK", "--set-xmark", "0x756e0000/0xffff0000");
    }

    @Test
    void aRedisPeersCutDropsOnlyTheVictimsOwnConnectionsToTheServer() {
        CutRules redis = CutRules.toServer(OWNER, "node2", 18109, "/unstick-lab-4242-1700000000000-node2");

        assertThat(redis.jump()).containsSubsequence("-o", "lo", "--ports", "18109", "-j", "unstick-4242");
        assertThat(redis.mark()).containsSubsequence("--dports", "18109", "--path", "/unstick-lab-4242-1700000000000-node2",
                "-j", "CONNMARK");
        assertThat(redis.drops()).containsExactly(
                rule("-p", "tcp", "-m", "multiport", "--dports", "18109", "-m", "cgroup", "--path",
                        "/unstick-lab-4242-1700000000000-node2", "victim-out", "DROP"),
                rule("-p", "tcp", "-m", "multiport", "--sports", "18109", "-m", "connmark", "--mark",
                        "0x756e0000/0xffff0000", "victim-in", "DROP"));
    }

    @Test
    void everyRuleIsInTheChainAndCarriesTheOwnersComment() {
        List<List<String>> all = new ArrayList<>(RULES.drops());
        all.add(RULES.mark());
        for (List<String> rule : all) {
            assertThat(rule.get(0)).isEqualTo("unstick-4242");
            assertThat(rule.get(rule.indexOf("--comment") + 1)).startsWith("unstick-partition owner=4242@1700000000000");
            assertThat(String.join(" ", rule)).doesNotContain("-s ", "-d ", "0.0.0.0", "ACCEPT");
        }
    }

    @Test
    void refusesACutWithoutOtherMembers() {
        assertThatThrownBy(() -> CutRules.of(OWNER, "node1", 18091, List.of(), "/x")).hasMessageContaining("other members");
        assertThatThrownBy(() -> CutRules.of(OWNER, "node1", 18091, List.of(18091), "/x")).hasMessageContaining("other members");
    }

    @Test
    void readsWhatEachDropRuleDroppedFromTheListing() {
        String listing = """
                Chain unstick-4242 (1 references)
                    pkts      bytes target     prot opt in     out     source               destination
                      31     2480 CONNMARK   6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 18091,18093 cgroup /unstick-lab-4242-1-node2 /* unstick-partition owner=4242@1 victim=node2 mark */ CONNMARK xset 0x756e0000/0xffff0000
                      12      900 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:18092 /* unstick-partition owner=4242@1 victim=node2 to-member */
                       7      500 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:18092 /* unstick-partition owner=4242@1 victim=node2 from-member */
                      20     1500 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 18091,18093 cgroup /unstick-lab-4242-1-node2 /* unstick-partition owner=4242@1 victim=node2 victim-out */
                       3      200 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports 18091,18093 connmark match  0x756e0000/0xffff0000 /* unstick-partition owner=4242@1 victim=node2 victim-in */
                """;
        CutCounters counters = CutCounters.parse(listing);
        assertThat(counters.victimToOthers()).isEqualTo(27);
        assertThat(counters.othersToVictim()).isEqualTo(15);
        assertThat(counters.byRole()).doesNotContainKey("mark");
        assertThat(counters.describe("node2", "others")).isEqualTo("node2 → others 27 packets, others → node2 15 packets");
    }

    private static List<String> rule(String... parts) {
        List<String> rule = new ArrayList<>(List.of("unstick-4242"));
        rule.addAll(List.of(parts).subList(0, parts.length - 2));
        rule.addAll(List.of("-m", "comment", "--comment",
                "unstick-partition owner=4242@1700000000000 victim=node2 " + parts[parts.length - 2], "-j", parts[parts.length - 1]));
        return rule;
    }
}
