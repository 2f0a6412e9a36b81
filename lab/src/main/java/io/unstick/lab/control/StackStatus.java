package io.unstick.lab.control;

import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.ManagedProcess;

import java.util.ArrayList;
import java.util.List;

/** A running stack as {@code ./unstick status} shows it. */
public record StackStatus(String mode, String runDir, String shopUrl, String adminUrl, List<ProcessStatus> processes) {

    /** One process: {@code state} is UP (answers /health), STARTING/UNHEALTHY (alive, not answering) or DOWN. */
    public record ProcessStatus(String name, Long pid, int port, String state) {
    }

    public static StackStatus of(LocalStack stack) {
        List<ProcessStatus> processes = new ArrayList<>();
        processes.add(statusOf(stack, stack.balancer()));
        stack.nodes().forEach(node -> processes.add(statusOf(stack, node)));
        return new StackStatus(stack.spec().mode().label(), stack.spec().runDir().toString(),
                "http://127.0.0.1:" + stack.spec().port() + "/",
                "http://127.0.0.1:" + stack.spec().adminPort() + "/admin/nodes",
                processes);
    }

    private static ProcessStatus statusOf(LocalStack stack, ManagedProcess process) {
        String state = !process.isAlive() ? "DOWN" : stack.isHealthy(process) ? "UP" : "UNHEALTHY";
        return new ProcessStatus(process.name(), process.pid().orElse(null), process.httpPort(), state);
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("mode ").append(mode).append("   shop ").append(shopUrl).append("   admin ").append(adminUrl)
                .append("\nlogs ").append(runDir).append('\n');
        out.append(String.format("%-10s %-10s %-8s %s%n", "PROCESS", "STATE", "PORT", "PID"));
        for (ProcessStatus p : processes) {
            out.append(String.format("%-10s %-10s %-8d %s%n", p.name(), p.state(), p.port(), p.pid() == null ? "-" : p.pid()));
        }
        return out.toString();
    }
}
