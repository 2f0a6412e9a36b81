package io.unstick.lab.cmd;

import io.unstick.lab.LabMain;
import io.unstick.lab.control.BalancerWatch;
import io.unstick.lab.control.ControlServer;
import io.unstick.lab.control.StackPointer;
import io.unstick.lab.stack.Artifacts;
import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.Mode;
import io.unstick.lab.stack.StackSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code ./unstick up}: the whole stack as local processes, until Ctrl-C or SIGTERM. */
@Command(name = "up", description = {
        "Start N shop nodes and the balancer as local processes, all in one mode, and keep them running.",
        "Ctrl-C (or SIGTERM) stops every process it started. Logs go to runs/<time>-<mode>/."})
public final class UpCommand implements Callable<Integer> {

    private static final Duration WATCH_EVERY = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    @ParentCommand
    private LabMain lab;

    @Option(names = "--mode", defaultValue = "${env:UNSTICK_MODE:-shared}",
            description = "sticky, shared or hybrid (default: $UNSTICK_MODE, else ${DEFAULT-VALUE}).")
    private String mode;

    @Option(names = "--nodes", defaultValue = "3", description = "Shop nodes to run (1-9; default ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--port", defaultValue = "8080", description = "The balancer's port, the shop's address (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--admin-port", defaultValue = "9090", description = "The balancer's admin port (default ${DEFAULT-VALUE}).")
    private int adminPort;

    @Option(names = "--node-base-port", defaultValue = "8081", description = "Node i listens on this + i - 1 (default ${DEFAULT-VALUE}).")
    private int nodeBasePort;

    @Option(names = "--hazelcast-base-port", defaultValue = "5701",
            description = "Node i's Hazelcast member port is this + i - 1 (default ${DEFAULT-VALUE}).")
    private int hazelcastBasePort;

    @Option(names = "--management-base-port", defaultValue = "9081",
            description = "Node i's management port (/metrics, detailed /health; loopback) is this + i - 1 (default ${DEFAULT-VALUE}).")
    private int managementBasePort;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for every process to be healthy (default ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        Mode chosen = Mode.parse(mode);
        Path runDir = lab.runsDir().resolve(
                LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                        + "-" + chosen.label());
        StackSpec spec = new StackSpec(chosen, nodes, port, adminPort, nodeBasePort, hazelcastBasePort, managementBasePort, runDir,
                StackSpec.DEFAULT_NODE_JVM, StackSpec.DEFAULT_BALANCER_JVM);
        Artifacts artifacts = Artifacts.in(lab.home()).requireBuilt();

        System.out.printf("starting %d shop node(s) and the balancer in %s mode; logs in %s%n", nodes, chosen.label(), runDir);
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(spec, artifacts, Duration.ofSeconds(timeoutSeconds));
        ControlServer control = null;
        try {
            control = new ControlServer(stack);
            new StackPointer(ProcessHandle.current().pid(), control.port(), chosen.label(), runDir.toString()).write(lab.runsDir());
        } catch (RuntimeException e) {
            // Nothing else would stop the processes just started.
            if (control != null) {
                control.close();
            }
            stack.close();
            throw e;
        }
        ControlServer controlServer = control;

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping every process of the stack...");
            controlServer.close();
            stack.close();
            StackPointer.remove(lab.runsDir());
            System.out.println("stopped.");
            stopped.countDown();
        }, "unstick-up-shutdown"));

        System.out.printf("""
                unstick is up in %s mode with %d node(s) (%.1f s)
                  shop     http://127.0.0.1:%d/
                  admin    http://127.0.0.1:%d/admin/nodes
                  metrics  http://127.0.0.1:%d/metrics (balancer), http://127.0.0.1:%d/metrics (node1's management port)
                Ctrl-C stops everything. In another terminal: ./unstick status | ./unstick kill node2 | ./unstick start node2
                """, chosen.label(), nodes, (System.nanoTime() - started) / 1e9, port, adminPort, adminPort,
                spec.managementPort(1));
        watch(new BalancerWatch(adminPort), stopped);
        return 0;
    }

    /** Prints the balancer's view whenever a node's state changes, and a heartbeat every half minute. */
    private static void watch(BalancerWatch balancer, CountDownLatch stopped) throws InterruptedException {
        String last = "";
        long lastPrinted = 0;
        while (!stopped.await(WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            String line = balancer.line();
            String states = line.replaceAll(" \\d+ req", "");
            long now = System.nanoTime();
            if (!states.equals(last) || now - lastPrinted > HEARTBEAT.toNanos()) {
                System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + line);
                last = states;
                lastPrinted = now;
            }
        }
    }
}
