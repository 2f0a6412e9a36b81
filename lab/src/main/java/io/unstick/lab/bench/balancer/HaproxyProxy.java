package io.unstick.lab.bench.balancer;

import io.unstick.lab.stack.ManagedProcess;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** HAProxy: {@code nbthread N}, round robin, sticky by an inserted {@code SERVERID} cookie. */
final class HaproxyProxy implements ProxyUnderTest {

    private ManagedProcess process;

    @Override
    public String name() {
        return "haproxy";
    }

    @Override
    public String description() {
        return "HAProxy, nbthread N, balance roundrobin, cookie SERVERID insert indirect nocache";
    }

    @Override
    public Optional<Long> start(ProcessSet processes, BenchBalancerSpec spec, CpuBudget budget) {
        Path dir = NginxFiles.prefix(processes.logDir(), "haproxy-" + budget.threads());
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < Backends.COUNT; i++) {
            servers.append("    server s%d 127.0.0.1:%d cookie s%d%n".formatted(i + 1, spec.backendPort(i), i + 1));
        }
        String conf = """
                global
                    nbthread %d
                    maxconn 4000
                defaults
                    mode http
                    option http-keep-alive
                    timeout connect 5s
                    timeout client 60s
                    timeout server 30s
                frontend bench
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    cookie SERVERID insert indirect nocache
                %s""".formatted(budget.threads(), spec.proxyPort(), servers);
        Path file = dir.resolve("haproxy.cfg");
        Backends.writeFile(file, conf);
        process = processes.start("haproxy-" + budget.threads(),
                budget.pinProxy(List.of(RequiredTools.path("haproxy"), "-db", "-f", file.toString())), Map.of(),
                spec.proxyPort());
        return process.pid();
    }

    @Override
    public Optional<String> cookie(BenchBalancerSpec spec) {
        return Optional.of("SERVERID=s1");
    }

    @Override
    public void stop(ProcessSet processes) {
        if (process != null) {
            processes.stop(process);
        }
    }
}
