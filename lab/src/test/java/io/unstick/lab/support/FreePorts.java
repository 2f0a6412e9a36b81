package io.unstick.lab.support;

import io.unstick.lab.stack.Ports;

import java.util.concurrent.ThreadLocalRandom;

/** Finds runs of free loopback ports for a stack under test, away from the defaults a developer may be using. */
public final class FreePorts {

    private FreePorts() {
    }

    /** The first of {@code count} consecutive free ports. */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            // Below Linux's ephemeral range (32768 and up), where an outgoing connection could take one meanwhile.
            int base = ThreadLocalRandom.current().nextInt(20_000, 32_700 - count);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                free = Ports.isFree(port);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports found");
    }
}
