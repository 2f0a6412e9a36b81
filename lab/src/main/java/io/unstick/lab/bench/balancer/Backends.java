package io.unstick.lab.bench.balancer;

import io.unstick.lab.stack.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The three fast backends every proxy forwards to: one nginx each, one worker, {@code 200 ok} on every path. */
public final class Backends {

    public static final int COUNT = 3;

    private Backends() {
    }

    public static List<ManagedProcess> start(ProcessSet processes, BenchBalancerSpec spec, CpuBudget budget) {
        List<ManagedProcess> started = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            String name = "backend" + (i + 1);
            Path dir = NginxFiles.prefix(processes.logDir(), name);
            String conf = NginxFiles.header(dir, 1) + """
                    http {
                    %s
                        server {
                            listen 127.0.0.1:%d;
                            location / { return 200 "ok"; }
                        }
                    }
                    """.formatted(NginxFiles.httpCommon(dir), spec.backendPort(i));
            Path file = dir.resolve("nginx.conf");
            writeFile(file, conf);
            started.add(processes.start(name, budget.pinLoad(NginxFiles.command(dir, file)), Map.of(), spec.backendPort(i)));
        }
        return started;
    }

    static void writeFile(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
