package io.unstick.lab.bench.sessions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes sent between cluster members, whatever the protocol (Hazelcast, Tomcat Tribes): the kernel's
 * {@code tcp_info.bytes_acked} of every TCP socket with a member port at either end, read with
 * {@code ss -tinHO} (iproute2). Both ends of a loopback connection are listed; each end's {@code bytes_acked}
 * counts only what that end sent, so the sum is every byte that crossed, once.
 */
public final class ClusterBytes {

    private static final Pattern ADDRESS = Pattern.compile("\\S+:(\\d+)");
    private static final Pattern ACKED = Pattern.compile("\\bbytes_acked:(\\d+)");

    private final Set<Integer> memberPorts;

    public ClusterBytes(Set<Integer> memberPorts) {
        this.memberPorts = Set.copyOf(memberPorts);
    }

    /** The bytes sent so far over the member sockets open now; 0 when there are no member ports (sticky). */
    public long sentSoFar() throws InterruptedException {
        return memberPorts.isEmpty() ? 0 : sum(run());
    }

    /** Sums {@code bytes_acked} over the lines of {@code ss -tinHO} whose local or peer port is a member port. */
    long sum(String ssOutput) {
        long total = 0;
        for (String line : ssOutput.split("\n")) {
            if (touchesMember(line)) {
                Matcher acked = ACKED.matcher(line);
                if (acked.find()) {
                    total += Long.parseLong(acked.group(1));
                }
            }
        }
        return total;
    }

    private boolean touchesMember(String line) {
        String[] fields = line.trim().split("\\s+");
        // ESTAB Recv-Q Send-Q Local:Port Peer:Port info...
        if (fields.length < 5) {
            return false;
        }
        return isMember(fields[3]) || isMember(fields[4]);
    }

    private boolean isMember(String address) {
        Matcher matcher = ADDRESS.matcher(address);
        return matcher.matches() && memberPorts.contains(Integer.parseInt(matcher.group(1)));
    }

    private static String run() throws InterruptedException {
        Process ss;
        try {
            ss = new ProcessBuilder("ss", "-tinHO").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run 'ss' to count bytes between nodes: install iproute2"
                    + " (apt-get install iproute2)", e);
        }
        try {
            String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
                throw new IllegalStateException("'ss -tinHO' failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of 'ss -tinHO'", e);
        } finally {
            ss.destroy();
        }
    }
}
