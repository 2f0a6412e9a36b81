package io.unstick.lab.bench.balancer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1/5/15-minute load averages, so a report shows whether the machine was busy with other work. */
public final class LoadAverage {

    private LoadAverage() {
    }

    public static String read() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
