package io.unstick.session.it;

import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.PeerTools;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Cuts one Hazelcast member off from the others with iptables, on loopback only and only on the test's own member
 * ports: each member binds an address of its own in 127.0.0.0/8, and the rules drop the packets between the cut
 * member's address and the others' on those ports. Everything lives in a chain of this test
 * ({@code unstick-it-<pid>}), removed by {@link #close} (also when a test fails). Needs root and iptables: without
 * them the test is skipped with the reason.
 */
final class LoopbackCut implements AutoCloseable {

    private final String chain = "unstick-it-" + ProcessHandle.current().pid();
    private final String ports;
    private final String jump;
    private boolean installed;

    /** @param memberPorts the member ports of every member of the test's cluster */
    LoopbackCut(List<Integer> memberPorts) {
        this.ports = memberPorts.stream().map(String::valueOf).collect(Collectors.joining(","));
        this.jump = "OUTPUT -o lo -p tcp -m multiport --ports " + ports + " -j " + chain;
    }

    /**
     * Skips the calling test, with the reason, unless iptables can be used here (root, the program, a kernel that
     * lets us add rules); under {@code -Dunstick.requireTools=true}, as in CI, fails it instead.
     */
    static void assumeAvailable() {
        PeerTools.requireRoot();
        PeerTools.require(PeerTool.IPTABLES);
        Result probe = run("iptables -w -L OUTPUT -n");
        if (probe.code != 0 && Boolean.getBoolean(PeerTools.REQUIRE_PROPERTY)) {
            Assertions.fail("iptables is not usable here: " + probe.output);
        }
        Assumptions.assumeTrue(probe.code == 0, "iptables is not usable here: " + probe.output);
    }

    /** Drops every packet between {@code cut} and each of {@code others} on the member ports. */
    void cut(String cut, List<String> others) {
        install();
        for (String other : others) {
            check(run("iptables -w -A " + chain + " -s " + cut + " -d " + other + " -j DROP"));
            check(run("iptables -w -A " + chain + " -s " + other + " -d " + cut + " -j DROP"));
        }
    }

    /** Lets every packet through again; returns how many the rules dropped. */
    long heal() {
        long dropped = dropped();
        check(run("iptables -w -F " + chain));
        return dropped;
    }

    private long dropped() {
        Result listing = run("iptables -w -L " + chain + " -n -v -x");
        long total = 0;
        for (String line : listing.output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 2 && fields[2].equals("DROP")) {
                total += Long.parseLong(fields[0]);
            }
        }
        return total;
    }

    private void install() {
        if (!installed) {
            check(run("iptables -w -N " + chain));
            check(run("iptables -w -I " + jump));
            installed = true;
        }
    }

    @Override
    public void close() {
        if (installed) {
            run("iptables -w -D " + jump);
            run("iptables -w -F " + chain);
            run("iptables -w -X " + chain);
            installed = false;
        }
    }

    private record Result(int code, String output) {
    }

    private static void check(Result result) {
        if (result.code != 0) {
            throw new IllegalStateException("iptables failed: " + result.output);
        }
    }

    private static Result run(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, command + ": timed out");
            }
            return new Result(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, command + ": interrupted");
        }
    }
}
