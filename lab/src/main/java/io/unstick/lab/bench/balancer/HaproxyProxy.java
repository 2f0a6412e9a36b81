package io.unstick.lab.bench.balancer;

import io.unstick.lab.stack.ManagedProcess;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy, {@code nbthread N}: round robin, sticky by an inserted {@code SERVERID} cookie (the baseline every ratio
 * is taken to), or {@code balance leastconn} without affinity (the peer of unstick's least-requests).
 */
final class HaproxyProxy implements ProxyUnderTest {

    private final boolean sticky;
    private ManagedProcess process;

    private HaproxyProxy(boolean sticky) {
        this.sticky = sticky;
    }

    static HaproxyProxy cookie() {
        return new HaproxyProxy(true);
    }

    static HaproxyProxy leastconn() {
        return new HaproxyProxy(false);
    }

    @Override
    public String name() {
        return sticky ? BalancerBench.HAPROXY : "haproxy-leastconn";
    }

    @Override
    public String description() {
        return sticky ? "HAProxy, nbthread N, balance roundrobin, cookie SERVERID insert indirect nocache"
                : "HAProxy, nbthread N, balance leastconn, no affinity";
    }

    @Override
    public Optional<Long> start(ProcessSet processes, BenchBalancerSpec spec, CpuBudget budget) {
        Path dir = NginxFiles.prefix(processes.logDir(), name() + "-" + budget.threads());
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < Backends.COUNT; i++) {
            servers.append("    server s%d 127.0.0.1:%d%s%n".formatted(i + 1, spec.backendPort(i),
                    sticky ? " cookie s" + (i + 1) : ""));
        }
        String balance = sticky ? "balance roundrobin\n    cookie SERVERID insert indirect nocache" : "balance leastconn";
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
                    %s
                %s""".formatted(budget.threads(), spec.proxyPort(), balance, servers);
        Path file = dir.resolve("haproxy.cfg");
        Backends.writeFile(file, conf);
        process = processes.start(name() + "-" + budget.threads(),
                budget.pinProxy(List.of(RequiredTools.path("haproxy"), "-db", "-f", file.toString())), Map.of(),
                spec.proxyPort());
        return process.pid();
    }

    @Override
    public Optional<String> cookie(BenchBalancerSpec spec) {
        return sticky ? Optional.of("SERVERID=s1") : Optional.empty();
    }

    @Override
    public void stop(ProcessSet processes) {
        if (process != null) {
            processes.stop(process);
        }
    }
}
