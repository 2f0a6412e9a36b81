package io.unstick.lab.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Checks ports before a stack starts, so a clash is reported by number instead of as a failed node. */
public final class Ports {

    private Ports() {
    }

    /**
     * Whether a server could listen on this loopback port now. Like every server, it asks for SO_REUSEADDR,
     * so connections lingering in TIME_WAIT after a stop do not count as "in use"; a listener does.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void requireFree(List<Integer> ports) {
        List<Integer> busy = new ArrayList<>();
        for (int port : ports) {
            if (!isFree(port)) {
                busy.add(port);
            }
        }
        if (!busy.isEmpty()) {
            throw new IllegalStateException("port(s) " + busy + " are in use: is a stack already running"
                    + " (./unstick status)? Choose others with --port, --admin-port, --node-base-port, --hazelcast-base-port, --management-base-port");
        }
    }
}
