package io.unstick.lab.bench.sessions;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bytes the member sockets sent in one window, counted per socket over {@link ClusterBytes} samples taken at the
 * window's start, about every second in it, and at its end. A socket seen at the start counts its last
 * {@code bytes_acked} minus its first; one that appeared later counts its last, as it sent everything inside the
 * window. Counting per socket is why a socket that closes in the window no longer takes its bytes out of the figure
 * (after minus before of two sums went negative when Redisson's pool closed connections); it loses only what it sent
 * after the last sample that saw it, at most one interval's bytes.
 */
final class SocketTally {

    private final Map<String, Long> first = new HashMap<>();
    private final Map<String, Long> last = new HashMap<>();
    private Set<String> open;
    private long gone; // bytes of sockets whose four-tuple a later socket reused
    private int opened;
    private int closed;

    /** Adds one sample: each socket's four-tuple and its {@code bytes_acked}. */
    synchronized void add(Map<String, Long> sample) {
        sample.forEach((socket, acked) -> {
            boolean seenLastTime = open != null && open.contains(socket);
            Long previous = last.get(socket);
            if (open == null) {
                first.put(socket, acked);
            } else if (!seenLastTime || acked < previous) {
                // A new socket; if its four-tuple was used before (a port reused), bank the old socket's bytes.
                if (previous != null) {
                    gone += previous - first.get(socket);
                    closed += seenLastTime ? 1 : 0;
                }
                first.put(socket, 0L);
                opened++;
            }
            last.put(socket, acked);
        });
        if (open != null) {
            closed += (int) open.stream().filter(socket -> !sample.containsKey(socket)).count();
        }
        open = Set.copyOf(sample.keySet());
    }

    synchronized WindowBytes count() {
        long bytes = gone;
        for (Map.Entry<String, Long> socket : last.entrySet()) {
            bytes += socket.getValue() - first.get(socket.getKey());
        }
        return new WindowBytes(bytes, opened, closed);
    }

    /**
     * @param bytes          what the member sockets sent in the window (never negative)
     * @param socketsOpened  member sockets that appeared after the first sample
     * @param socketsClosed  member sockets gone by the last sample: each may miss its last interval's bytes
     */
    record WindowBytes(long bytes, int socketsOpened, int socketsClosed) {
    }
}
