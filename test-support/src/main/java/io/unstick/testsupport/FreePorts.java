package io.unstick.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports nobody listens on now, for servers a test starts a little later (Hazelcast members, Tomcat nodes).
 *
 * <p>A port from {@code new ServerSocket(0)} comes from the kernel's ephemeral range, the same range it draws the
 * local port of every outgoing connection and every server started on port 0 from: in the seconds between choosing
 * such a port and a member binding it, another node's connector on port 0 or a member's connection attempt can take
 * it, and the member then fails to start. These ports are drawn below the ephemeral range instead, where only a
 * listener that asks for a port by number takes it, and none is handed out twice in one JVM. The lab's tests take
 * runs of consecutive ports for a whole stack the same way.
 *
 * <pre>{@code
 * int memberPort = FreePorts.next();
 * }</pre>
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int LINUX_EPHEMERAL_START = 32_768;
    private static final int TRIES = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    // Read once. Where the ephemeral range starts below LOWEST + 1,000 (rare), ports inside it are used: the race is back.
    private static final int END = Math.max(ephemeralStart(), LOWEST + 1_000);

    private FreePorts() {
    }

    public static int next() {
        return consecutive(1);
    }

    /** The first of {@code count} consecutive free ports, for a stack that numbers its servers from a base port. */
    public static int consecutive(int count) {
        for (int i = 0; i < TRIES; i++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, END - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free loopback ports among " + TRIES + " tried in "
                + LOWEST + "-" + (END - 1));
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            if (HANDED_OUT.contains(port) || !isFree(port)) {
                return false;
            }
        }
        for (int port = base; port < base + count; port++) {
            if (!HANDED_OUT.add(port)) {
                return false; // another thread took it meanwhile
            }
        }
        return true;
    }

    /** The first port of the kernel's ephemeral range (Linux says; other systems start at 49152 or above). */
    private static int ephemeralStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            // readAllLines, not readString: procfs reports a size of 0 and readString returns only its first byte
            return Files.isReadable(range)
                    ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0])
                    : LINUX_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return LINUX_EPHEMERAL_START;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
