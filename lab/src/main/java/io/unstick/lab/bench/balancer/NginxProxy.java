package io.unstick.lab.bench.balancer;

import io.unstick.lab.stack.ManagedProcess;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** nginx: {@code worker_processes N}, consistent hash on a cookie, pooled keep-alive upstream connections. */
final class NginxProxy implements ProxyUnderTest {

    private ManagedProcess process;

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public String description() {
        return "nginx, worker_processes N, hash $cookie_uid consistent, keepalive 64 upstream";
    }

    @Override
    public Optional<Long> start(ProcessSet processes, BenchBalancerSpec spec, CpuBudget budget) {
        String name = "nginx-proxy-" + budget.threads();
        Path dir = NginxFiles.prefix(processes.logDir(), name);
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < Backends.COUNT; i++) {
            servers.append("        server 127.0.0.1:%d;%n".formatted(spec.backendPort(i)));
        }
        String conf = NginxFiles.header(dir, budget.threads()) + """
                http {
                %s
                    upstream nodes {
                        hash $cookie_uid consistent;
                %s        keepalive 64;
                    }
                    server {
                        listen 127.0.0.1:%d;
                        location / {
                            proxy_pass http://nodes;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """.formatted(NginxFiles.httpCommon(dir), servers, spec.proxyPort());
        Path file = dir.resolve("nginx.conf");
        Backends.writeFile(file, conf);
        process = processes.start(name, budget.pinProxy(NginxFiles.command(dir, file)), Map.of(), spec.proxyPort());
        return process.pid();
    }

    @Override
    public Optional<String> cookie(BenchBalancerSpec spec) {
        return Optional.of("uid=bench-client-1");
    }

    @Override
    public void stop(ProcessSet processes) {
        if (process != null) {
            processes.stop(process);
        }
    }
}
