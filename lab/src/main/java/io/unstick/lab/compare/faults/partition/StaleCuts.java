package io.unstick.lab.compare.faults.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes what a partition left behind when its lab process died before it could clean up (SIGKILL, a crash, a
 * power cut): rules whose comment names an owner that no longer runs, chains {@code unstick-<pid>} of such owners,
 * and empty cgroups {@code unstick-lab-<pid>-<start>-<node>} of such owners. What a living lab owns — another
 * comparison running at the same time — is left alone, and so is a cgroup that still holds processes.
 */
final class StaleCuts {

    private StaleCuts() {
    }

    /** @return one line per thing removed or left, for the user */
    static List<String> clean(Iptables iptables, CgroupRoot cgroups) {
        List<String> report = new ArrayList<>();
        List<String> rules = iptables.run("-S").lines().toList();
        Set<String> chainsOfTheDead = new LinkedHashSet<>();
        for (List<String> rule : staleRules(rules)) {
            iptables.delete(rule.subList(1, rule.size()));
            chainsOfTheDead.addAll(ourChains(rule));
            report.add("removed a rule left by a partition whose lab process is gone: " + String.join(" ", rule));
        }
        chainsOfTheDead.addAll(chainsOfGoneProcesses(rules));
        for (String chain : chainsOfTheDead) {
            try {
                if (isEmptyChain(iptables, chain)) {
                    iptables.run("-X", chain);
                    report.add("removed the chain " + chain + " left by a partition");
                }
            } catch (IllegalStateException e) {
                report.add("left the chain " + chain + ": " + e.getMessage());
            }
        }
        report.addAll(cleanCgroups(cgroups.mountPoint()));
        return report;
    }

    /** Rules ({@code -A CHAIN ...} as tokens) whose comment names an owner that no longer runs. */
    static List<List<String>> staleRules(List<String> listing) {
        List<List<String>> stale = new ArrayList<>();
        for (String line : listing) {
            if (!line.startsWith("-A ") || !line.contains(CutRules.TAG)) {
                continue;
            }
            Optional<Owner> owner = Owner.find(line);
            if (owner.isPresent() && !owner.get().isAlive()) {
                stale.add(tokens(line));
            }
        }
        // Jumps from OUTPUT go before the rules of the chain they lead to, so the chain can then be deleted.
        stale.sort((a, b) -> Boolean.compare(!a.get(1).equals("OUTPUT"), !b.get(1).equals("OUTPUT")));
        return stale;
    }

    /** Splits a line of {@code iptables -S} into arguments: spaces separate, double quotes group. */
    static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted && i + 1 < line.length()) {
                token.append(line.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any || !token.isEmpty()) {
                    tokens.add(token.toString());
                }
                token.setLength(0);
                any = false;
            } else {
                token.append(c);
            }
        }
        if (any || !token.isEmpty()) {
            tokens.add(token.toString());
        }
        return tokens;
    }

    /** The chain a rule is in and the chain it jumps to, where they are partition chains. */
    private static List<String> ourChains(List<String> rule) {
        List<String> chains = new ArrayList<>();
        int jump = rule.indexOf("-j");
        for (String chain : List.of(rule.get(1), jump >= 0 && jump + 1 < rule.size() ? rule.get(jump + 1) : "")) {
            if (chain.startsWith(CutRules.CHAIN_PREFIX)) {
                chains.add(chain);
            }
        }
        return chains;
    }

    /** Partition chains ({@code -N unstick-<pid>}) whose pid no process has any more, e.g. left empty. */
    static List<String> chainsOfGoneProcesses(List<String> listing) {
        List<String> chains = new ArrayList<>();
        for (String line : listing) {
            if (line.matches("-N " + CutRules.CHAIN_PREFIX + "\\d+")) {
                String chain = line.substring(3);
                long pid = Long.parseLong(chain.substring(CutRules.CHAIN_PREFIX.length()));
                if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
                    chains.add(chain);
                }
            }
        }
        return chains;
    }

    private static boolean isEmptyChain(Iptables iptables, String chain) {
        return iptables.run("-S", chain).lines().noneMatch(line -> line.startsWith("-A "));
    }

    private static List<String> cleanCgroups(Path mountPoint) {
        List<String> report = new ArrayList<>();
        try (Stream<Path> entries = Files.list(mountPoint)) {
            for (Path dir : entries.filter(Files::isDirectory).toList()) {
                Optional<Owner> owner = VictimCgroup.ownerOf(dir.getFileName().toString());
                if (owner.isEmpty() || owner.get().isAlive()) {
                    continue;
                }
                report.add(VictimCgroup.remove(dir) ? "removed the cgroup " + dir + " left by a partition"
                        : "left the cgroup " + dir + ": processes of a run that ended without stopping them are still in it");
            }
        } catch (IOException e) {
            report.add("could not look for cgroups left in " + mountPoint + ": " + e.getMessage());
        }
        return report;
    }
}
