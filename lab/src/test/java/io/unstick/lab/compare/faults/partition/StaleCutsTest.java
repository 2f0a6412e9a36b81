package io.unstick.lab.compare.faults.partition;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StaleCutsTest {

    @Test
    void splitsAListedRuleBackIntoItsArguments() {
        assertThat(StaleCuts.tokens("-A OUTPUT -o lo -m comment --comment \"unstick-partition owner=1@2 victim=node2\" -j unstick-1"))
                .containsExactly("-A", "OUTPUT", "-o", "lo", "-m", "comment", "--comment",
                        "unstick-partition owner=1@2 victim=node2", "-j", "unstick-1");
        assertThat(StaleCuts.tokens("-A X --comment \"a \\\"b\\\"\" -j DROP")).containsExactly("-A", "X", "--comment", "a \"b\"",
                "-j", "DROP");
    }

    @Test
    void findsOnlyRulesOfOwnersThatNoLongerRunJumpsFirst() throws Exception {
        Owner me = Owner.current();
        long gone = goneProcess();
        List<String> listing = List.of(
                "-P OUTPUT ACCEPT",
                "-N unstick-" + gone,
                "-N unstick-" + me.pid(),
                "-A OUTPUT -o lo -p tcp -j DROP",
                "-A unstick-" + gone + " -p tcp --dport 1 -m comment --comment \"unstick-partition owner=" + gone + "@5 victim=node2 to-member\" -j DROP",
                "-A OUTPUT -o lo -m comment --comment \"unstick-partition owner=" + gone + "@5 victim=node2\" -j unstick-" + gone,
                "-A OUTPUT -o lo -m comment --comment \"unstick-partition " + me.tag() + " victim=node2\" -j unstick-" + me.pid(),
                "-A OUTPUT -o lo -m comment --comment \"someone else's rule owner=" + gone + "@5\" -j DROP");
        List<List<String>> stale = StaleCuts.staleRules(listing);
        assertThat(stale).extracting(rule -> rule.get(1)).containsExactly("OUTPUT", "unstick-" + gone);
        assertThat(stale.get(0)).endsWith("-j", "unstick-" + gone);
        assertThat(StaleCuts.chainsOfGoneProcesses(listing)).containsExactly("unstick-" + gone);
    }

    @Test
    void knowsItsCgroupsByName() {
        assertThat(VictimCgroup.ownerOf("unstick-lab-4242-1700000000000-node2")).contains(new Owner(4242, 1_700_000_000_000L));
        assertThat(VictimCgroup.ownerOf("unstick-lab-x-node2")).isEmpty();
        assertThat(VictimCgroup.ownerOf("system.slice")).isEmpty();
    }

    @Test
    void findsTheCgroupV2MountInMountinfo() {
        List<String> hybrid = List.of(
                "30 24 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755",
                "31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw",
                "32 30 0:28 / /sys/fs/cgroup/cpu rw,nosuid - cgroup cgroup rw,cpu");
        CgroupRoot root = CgroupRoot.find(hybrid).orElseThrow();
        assertThat(root.mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
        assertThat(root.hierarchyPath("unstick-lab-1-2-node2")).isEqualTo("/unstick-lab-1-2-node2");
        CgroupRoot container = CgroupRoot.find(List.of(
                "611 600 0:30 /docker/abc /sys/fs/cgroup rw,nosuid - cgroup2 cgroup rw")).orElseThrow();
        assertThat(container.hierarchyPath("x")).isEqualTo("/docker/abc/x");
        assertThat(CgroupRoot.find(List.of("32 30 0:28 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu"))).isEmpty();
    }

    /** The pid of a process that has ended. */
    private static long goneProcess() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
