package io.unstick.lab.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole stack as local processes: N shop nodes and the balancer, all in one mode (or one peer's variant, with
 * the redis-server the Redis peer needs). Whoever starts it owns every process and stops them all with
 * {@link #close()}.
 *
 * <pre>
 * try (LocalStack stack = LocalStack.start(spec, Artifacts.in(home).requireBuilt(), Duration.ofSeconds(90))) {
 *     stack.kill("node2");               // SIGKILL, as a machine dying
 *     stack.start("node2", timeout);     // back, and healthy
 * }
 * </pre>
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final StackSpec spec;
    private final Map<String, ManagedProcess> nodes;
    private final ManagedProcess balancer;
    private final RedisServer redis;
    private final HealthProbe health = new HealthProbe();

    private LocalStack(StackSpec spec, Map<String, ManagedProcess> nodes, ManagedProcess balancer, RedisServer redis) {
        this.spec = spec;
        this.nodes = nodes;
        this.balancer = balancer;
        this.redis = redis;
    }

    /** How a node's command is run: as it is, or wrapped (e.g. to start the process in a cgroup of its own). */
    @FunctionalInterface
    public interface Launcher {
        Launcher DIRECT = (node, command) -> command;

        List<String> command(String node, List<String> command);
    }

    public static LocalStack start(StackSpec spec, Artifacts artifacts, Duration timeout) {
        return start(spec, artifacts, timeout, Launcher.DIRECT);
    }

    /** Starts the stack with each node's command passed through the launcher first (restarts keep it). */
    public static LocalStack start(StackSpec spec, Artifacts artifacts, Duration timeout, Launcher launcher) {
        Ports.requireFree(spec.ports());
        createDirectories(nodeTempDir(spec));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Map<String, ManagedProcess> nodes = new LinkedHashMap<>();
        String storeSecret = newStoreSecret();
        for (int i = 1; i <= spec.nodes(); i++) {
            nodes.put(spec.nodeName(i), nodeProcess(spec, artifacts, java, i, storeSecret, launcher));
        }
        ManagedProcess balancer = balancerProcess(spec, artifacts, java, nodes.values());
        Instant deadline = Instant.now().plus(timeout);
        RedisServer redis = spec.variant().store() == Variant.Store.REDIS
                ? RedisServer.start(spec.redisPort(), spec.runDir(), deadline) : null;
        LocalStack stack = new LocalStack(spec, nodes, balancer, redis);
        try {
            if (spec.variant().nodesStartInTurn()) {
                for (ManagedProcess node : nodes.values()) {
                    node.start();
                    stack.health.awaitHealthy(node, deadline);
                }
            } else {
                nodes.values().forEach(ManagedProcess::start);
                for (ManagedProcess node : nodes.values()) {
                    stack.health.awaitHealthy(node, deadline);
                }
            }
            balancer.start();
            stack.health.awaitHealthy(balancer, deadline);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public StackSpec spec() {
        return spec;
    }

    public List<ManagedProcess> nodes() {
        return List.copyOf(nodes.values());
    }

    public ManagedProcess balancer() {
        return balancer;
    }

    /** The redis-server of the Redis peer's stack. */
    public Optional<RedisServer> redis() {
        return Optional.ofNullable(redis);
    }

    public ManagedProcess node(String name) {
        ManagedProcess node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node named '" + name + "'; the nodes are " + String.join(", ", nodes.keySet()));
        }
        return node;
    }

    /** SIGKILL one node. */
    public void kill(String name) {
        node(name).kill();
        log.info("{} killed (SIGKILL)", name);
    }

    /** SIGTERM one node, as a graceful restart or scale-down does. */
    public void stop(String name) {
        node(name).stop();
        log.info("{} stopped", name);
    }

    /** Starts a stopped or killed node again and waits until it is healthy. */
    public void start(String name, Duration timeout) {
        ManagedProcess node = node(name);
        node.start();
        health.awaitHealthy(node, Instant.now().plus(timeout));
        log.info("{} started", name);
    }

    public boolean isHealthy(ManagedProcess process) {
        return process.isAlive() && health.isHealthy(process.httpPort());
    }

    /**
     * Stops the balancer first, so no request meets a half-stopped node, then every node at once, then the
     * redis-server they used.
     */
    @Override
    public void close() {
        try {
            stopProcesses();
        } finally {
            if (redis != null) {
                redis.stop();
            }
        }
    }

    private void stopProcesses() {
        balancer.stop();
        List<Thread> stoppers = new ArrayList<>();
        for (ManagedProcess node : nodes.values()) {
            Thread stopper = new Thread(node::stop, "stop-" + node.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                nodes.values().forEach(ManagedProcess::kill);
                return;
            }
        }
    }

    /**
     * The session store's cluster secret for this stack's lifetime: every node gets the same one (a restarted node
     * too), and sessions do not outlive the stack anyway.
     */
    private static String newStoreSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    private static ManagedProcess nodeProcess(StackSpec spec, Artifacts artifacts, String java, int index,
                                              String storeSecret, Launcher launcher) {
        String name = spec.nodeName(index);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("UNSTICK_MODE", spec.mode().label());
        env.put("UNSTICK_NODE_NAME", name);
        env.put("UNSTICK_BIND_ADDRESS", "127.0.0.1");
        env.put("UNSTICK_PORT", String.valueOf(spec.nodePort(index)));
        env.put("UNSTICK_MANAGEMENT_BIND_ADDRESS", "127.0.0.1");
        env.put("UNSTICK_MANAGEMENT_PORT", String.valueOf(spec.managementPort(index)));
        switch (spec.variant().store()) {
            case HAZELCAST -> {
                env.put("UNSTICK_HAZELCAST_TOPOLOGY", "embedded");
                env.put("UNSTICK_HAZELCAST_PORT", String.valueOf(spec.hazelcastPort(index)));
                env.put("UNSTICK_HAZELCAST_MEMBERS", members(spec));
                env.put("UNSTICK_STORE_SECRET", storeSecret);
            }
            case TRIBES -> {
                env.put("UNSTICK_TRIBES_PORT", String.valueOf(spec.hazelcastPort(index)));
                env.put("UNSTICK_TRIBES_MEMBERS", members(spec));
            }
            case REDIS -> env.put("UNSTICK_REDIS_PORT", String.valueOf(spec.redisPort()));
            case NONE -> { }
        }
        env.putAll(spec.variant().nodeEnv());
        env.putAll(spec.nodeEnv().apply(index));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(spec.nodeJvmOptions());
        command.add("-Djava.io.tmpdir=" + nodeTempDir(spec));
        command.addAll(List.of("-jar", artifacts.shopJar().toString()));
        return new ManagedProcess(name, launcher.command(name, command), env, spec.runDir().resolve(name + ".log"),
                spec.nodePort(index), spec.managementPort(index));
    }

    private static ManagedProcess balancerProcess(StackSpec spec, Artifacts artifacts, String java,
                                                  Iterable<ManagedProcess> nodes) {
        List<String> backends = new ArrayList<>();
        nodes.forEach(node -> backends.add(node.name() + "=http://127.0.0.1:" + node.httpPort()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("UNSTICK_MODE", spec.mode().label());
        env.put("UNSTICK_PORT", String.valueOf(spec.port()));
        env.put("UNSTICK_ADMIN_PORT", String.valueOf(spec.adminPort()));
        env.put("UNSTICK_BACKENDS", String.join(",", backends));
        env.put("UNSTICK_BIND_ADDRESS", "127.0.0.1");
        env.putAll(spec.balancerEnv());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(spec.balancerJvmOptions());
        command.addAll(List.of("-jar", artifacts.balancerJar().toString()));
        return new ManagedProcess("balancer", command, env, spec.runDir().resolve("balancer.log"), spec.port());
    }

    private static String members(StackSpec spec) {
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= spec.nodes(); i++) {
            members.add("127.0.0.1:" + spec.hazelcastPort(i));
        }
        return String.join(",", members);
    }

    /**
     * The nodes' temporary files (Tomcat's work directory): a node that is killed cannot delete them, so they stay in
     * the run's folder rather than in /tmp.
     */
    private static Path nodeTempDir(StackSpec spec) {
        return spec.runDir().resolve("tmp");
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + dir, e);
        }
    }
}
