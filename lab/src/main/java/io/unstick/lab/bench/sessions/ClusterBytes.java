package io.unstick.lab.bench.sessions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes sent between cluster members, whatever the protocol (Hazelcast, Tomcat Tribes): the kernel's
 * {@code tcp_info.bytes_acked} of every TCP socket with a member port at either end, read with
 * {@code ss -tinHO} (iproute2). Both ends of a loopback connection are listed; each end's {@code bytes_acked}
 * counts only what that end sent, so the sum is every byte that crossed, once. Sockets come and go (Redisson's pool
 * opens and closes connections), so {@link SocketTally} counts each socket on its own over a window's samples.
 */
public final class ClusterBytes {

    private static final Pattern ADDRESS = Pattern.compile("\\S+:(\\d+)");
    private static final Pattern ACKED = Pattern.compile("\\bbytes_acked:(\\d+)");

    private final Set<Integer> memberPorts;

    public ClusterBytes(Set<Integer> memberPorts) {
        this.memberPorts = Set.copyOf(memberPorts);
    }

    /** Each member socket open now and the bytes it has sent; empty when there are no member ports (sticky). */
    public Map<String, Long> sample() throws InterruptedException {
        return memberPorts.isEmpty() ? Map.of() : acked(run());
    }

    /**
     * {@code bytes_acked} of each line of {@code ss -tinHO} whose local or peer port is a member port, keyed by the
     * socket's four-tuple ("local peer"): each end of a loopback connection is its own socket.
     */
    Map<String, Long> acked(String ssOutput) {
        Map<String, Long> sockets = new HashMap<>();
        for (String line : ssOutput.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            Matcher acked = ACKED.matcher(line);
            if (touchesMember(fields) && acked.find()) {
                sockets.put(fields[3] + " " + fields[4], Long.parseLong(acked.group(1)));
            }
        }
        return sockets;
    }

    private boolean touchesMember(String[] fields) {
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
