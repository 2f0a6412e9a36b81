package io.unstick.lab.compare.faults.partition;

import io.unstick.lab.compare.faults.Fault;
import io.unstick.lab.compare.faults.FaultContext;
import io.unstick.lab.stack.Mode;
import io.unstick.lab.stack.Variant;
import io.unstick.lab.stack.StackSpec;
import io.unstick.lab.support.PartitionSupport;
import io.unstick.testsupport.FreePorts;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.RequiresTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partition's rules on the real kernel, with real loopback TCP between processes, without a whole stack: a
 * "victim" process started in its cgroup by the fault's launcher, connected to and from the test's "members".
 * While cut, the victim's member connections carry nothing either way; its HTTP port, and the other members'
 * connection to each other, carry on; after the heal the same connections work again; after close no rule and no
 * cgroup is left. Needs root, iptables and cgroup v2 (see {@link PartitionSupport}; CI has them): skipped with the
 * reason without them, failed under {@code -Dunstick.requireTools=true}.
 */
@RequiresTools(value = PeerTool.IPTABLES, root = true)
@ExtendWith(PartitionSupport.class) // conditions: a class aborted in @BeforeAll would be reported as nothing at all
class NetworkCutIT {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration CUT = Duration.ofSeconds(4);

    private static NetworkCuts cuts;

    @TempDir
    Path dir;

    @BeforeAll
    static void prepare() {
        cuts = PartitionSupport.require();
    }

    @Test
    void cutsTheVictimsMemberBothWaysAndNothingElseThenHealsAndLeavesNothingBehind() throws Exception {
        int members = FreePorts.consecutive(3);
        int http = FreePorts.consecutive(1);
        StackSpec stack = new StackSpec(Mode.SHARED, 3, 1, 2, 3, members, 4, dir, List.of(), List.of());
        List<String> events = new CopyOnWriteArrayList<>();
        String owner = Owner.current().tag();
        try (ServerSocket node1 = new ServerSocket(members, 50, LOOPBACK);
             ServerSocket node3 = new ServerSocket(members + 2, 50, LOOPBACK);
             Fault fault = cuts.fault(stack, "node2", CUT)) {
            AtomicReference<Process> victim = new AtomicReference<>();
            try {
                partitionAndHeal(fault, victim, members, http, events, owner, node1, node3);
            } finally {
                if (victim.get() != null) {
                    victim.get().destroyForcibly().waitFor(); // before the fault is closed, which removes its cgroup
                }
            }
        }
        assertThat(rules()).as("closed: nothing of this owner left").doesNotContain(owner);
        try (var cgroups = Files.list(CgroupRoot.find(Files.readAllLines(CgroupRoot.MOUNTINFO)).orElseThrow().mountPoint())) {
            assertThat(cgroups.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(VictimCgroup.PREFIX + Owner.current().pid() + "-"));
        }
    }

    private void partitionAndHeal(Fault fault, AtomicReference<Process> victim, int members, int http,
                                  List<String> events, String owner, ServerSocket node1, ServerSocket node3) throws Exception {
        assertThat(rules()).as("before the cut only the marking rule and the jump").contains(owner + " victim=node2 mark")
                .doesNotContain("to-member");
        Path peerLog = dir.resolve("peer.log");
        victim.set(new ProcessBuilder(fault.launch("node2", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoopbackPeer.class.getName(),
                String.valueOf(members), String.valueOf(members + 1), String.valueOf(http))))
                .redirectErrorStream(true).redirectOutput(peerLog.toFile()).start());
        node1.setSoTimeout(20_000);
        Line victimToNode1 = new Line(node1.accept());             // the victim's own connection, from an ephemeral port
        Line node1ToVictim = new Line(connect(members + 1));       // to the victim's member port
        Line victimHttp = new Line(connect(http));                 // the victim's "HTTP" port
        Line node1ToNode3 = new Line(new Socket(LOOPBACK, members + 2));
        Line node3Side = new Line(node3.accept());
        for (Line line : List.of(victimToNode1, node1ToVictim, victimHttp)) {
            assertThat(line.echoes(Duration.ofSeconds(5))).as("before the cut").isTrue();
        }

        Thread partition = cutInTheBackground(fault, Variant.SHARED, events);
        assertThat(events.get(0)).startsWith("node2's Hazelcast member cut off from node1, node3 for 4 s");
        Thread.sleep(300); // what was on its way when the rules went in
        long quietFrom = System.nanoTime();
        String intoOwnConnection = victimToNode1.send();
        String intoMemberPort = node1ToVictim.send();
        Thread.sleep(1_200);
        assertThat(victimToNode1.linesSince(quietFrom)).as("the victim's heartbeats on its own connection").isZero();
        assertThat(node1ToVictim.linesSince(quietFrom)).as("the victim's heartbeats from its member port").isZero();
        assertThat(Files.readString(peerLog)).as("lines sent to the victim while cut")
                .doesNotContain("got " + intoOwnConnection, "got " + intoMemberPort);
        CutCounters dropping = CutCounters.parse(Iptables.find().orElseThrow().run("-L", CutRules.CHAIN_PREFIX
                + Owner.current().pid(), "-v", "-n", "-x"));
        assertThat(dropping.byRole()).as("every drop rule is dropping").containsOnlyKeys(CutRules.TO_MEMBER,
                CutRules.FROM_MEMBER, CutRules.VICTIM_OUT, CutRules.VICTIM_IN);
        assertThat(dropping.byRole().values()).as("every drop rule is dropping").allMatch(count -> count.packets() > 0);
        assertThat(victimHttp.echoes(Duration.ofSeconds(2))).as("the victim's HTTP port stays up").isTrue();
        assertThat(victimHttp.linesSince(quietFrom)).as("its heartbeats on HTTP").isPositive();
        assertThat(node1ToNode3.sendAndExpectOn(node3Side, Duration.ofSeconds(2))).as("the other members still talk").isTrue();
        partition.join(CUT.toMillis() + 20_000);

        assertThat(events).anySatisfy(e -> assertThat(e).matches(
                "network healed; the cut dropped node2 → others [1-9][0-9,]* packets, others → node2 [1-9][0-9,]* packets"));
        assertThat(rules()).as("healed: no drop rule left").doesNotContain("to-member", "victim-in", "victim-out");
        assertThat(victimToNode1.echoes(Duration.ofSeconds(20))).as("the same connection works again").isTrue();
        assertThat(node1ToVictim.echoes(Duration.ofSeconds(20))).as("the same connection works again").isTrue();
        assertThat(Files.readString(peerLog)).as("what was sent while cut arrives after the heal")
                .contains("got " + intoOwnConnection, "got " + intoMemberPort);
    }

    @Test
    void cutsTheVictimOffTheRedisServerBothWaysAndLeavesTheOtherNodesConnectionsAlone() throws Exception {
        int server = FreePorts.consecutive(1);
        int member = FreePorts.consecutive(1);
        int http = FreePorts.consecutive(1);
        StackSpec stack = new StackSpec(Variant.REDIS, 3, 1, 2, 3, 5, 4, server, dir, List.of(), List.of(), Map.of(),
                index -> Map.of());
        List<String> events = new CopyOnWriteArrayList<>();
        String owner = Owner.current().tag();
        try (ServerSocket redis = new ServerSocket(server, 50, LOOPBACK);
             Fault fault = cuts.fault(stack, "node2", CUT)) {
            Process victim = null;
            try {
                assertThat(rules()).as("before the cut only the marking rule and the jump").contains(owner + " victim=node2 mark")
                        .doesNotContain("victim-out");
                Path peerLog = dir.resolve("peer.log");
                victim = new ProcessBuilder(fault.launch("node2", List.of(Path.of(System.getProperty("java.home"), "bin",
                        "java").toString(), "-cp", System.getProperty("java.class.path"), LoopbackPeer.class.getName(),
                        String.valueOf(server), String.valueOf(member), String.valueOf(http))))
                        .redirectErrorStream(true).redirectOutput(peerLog.toFile()).start();
                redis.setSoTimeout(20_000);
                Line victimToRedis = new Line(redis.accept());
                Line otherNode = new Line(new Socket(LOOPBACK, server)); // not in the victim's cgroup: node1, say
                Line redisSideOfOther = new Line(redis.accept());
                Line victimHttp = new Line(connect(http));
                assertThat(victimToRedis.echoes(Duration.ofSeconds(5))).as("before the cut").isTrue();

                Thread partition = cutInTheBackground(fault, Variant.REDIS, events);
                assertThat(events.get(0)).isEqualTo("node2 cut off from the redis-server (port " + server + ") for 4 s"
                        + " (its HTTP port stays up)");
                Thread.sleep(300); // what was on its way when the rules went in
                long quietFrom = System.nanoTime();
                String intoVictim = victimToRedis.send();
                Thread.sleep(1_200);
                assertThat(victimToRedis.linesSince(quietFrom)).as("the victim's lines to the server").isZero();
                assertThat(Files.readString(peerLog)).as("lines the server sent the victim while cut")
                        .doesNotContain("got " + intoVictim);
                CutCounters dropping = CutCounters.parse(Iptables.find().orElseThrow().run("-L", CutRules.CHAIN_PREFIX
                        + Owner.current().pid(), "-v", "-n", "-x"));
                assertThat(dropping.byRole()).as("both drop rules are dropping").containsOnlyKeys(CutRules.VICTIM_OUT,
                        CutRules.VICTIM_IN);
                assertThat(dropping.byRole().values()).allMatch(count -> count.packets() > 0);
                assertThat(otherNode.sendAndExpectOn(redisSideOfOther, Duration.ofSeconds(2)))
                        .as("another node's connection to the server").isTrue();
                assertThat(redisSideOfOther.sendAndExpectOn(otherNode, Duration.ofSeconds(2)))
                        .as("and the server's answers to it").isTrue();
                assertThat(victimHttp.echoes(Duration.ofSeconds(2))).as("the victim's HTTP port stays up").isTrue();
                partition.join(CUT.toMillis() + 20_000);

                assertThat(events).anySatisfy(e -> assertThat(e).matches("network healed; the cut dropped node2 → redis-server"
                        + " [1-9][0-9,]* packets, redis-server → node2 [1-9][0-9,]* packets"));
                assertThat(rules()).as("healed: no drop rule left").doesNotContain("victim-in", "victim-out");
                assertThat(victimToRedis.echoes(Duration.ofSeconds(20))).as("the same connection works again").isTrue();
                assertThat(Files.readString(peerLog)).as("what was sent while cut arrives after the heal")
                        .contains("got " + intoVictim);
            } finally {
                if (victim != null) {
                    victim.destroyForcibly().waitFor(); // before the fault is closed, which removes its cgroup
                }
            }
        }
        assertThat(rules()).as("closed: nothing of this owner left").doesNotContain(owner);
    }

    /** Injects the fault on a thread of its own and waits for its first event: the cut is in place. */
    private static Thread cutInTheBackground(Fault fault, Variant variant, List<String> events) throws InterruptedException {
        Thread partition = new Thread(() -> {
            try {
                fault.inject(new FaultContext(null, null, variant, "node2", CUT, CUT, events::add));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        partition.start();
        await(() -> !events.isEmpty());
        return partition;
    }

    private static String rules() {
        return Iptables.find().orElseThrow().run("-S");
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return new Socket(LOOPBACK, port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** One end of a loopback connection: sends numbered lines; a thread notes every line that arrives, and when. */
    private static final class Line {
        private static final AtomicInteger NEXT = new AtomicInteger();
        private final Socket socket;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<Long> arrivals = new CopyOnWriteArrayList<>();

        Line(Socket socket) {
            this.socket = socket;
            Thread reader = new Thread(() -> {
                try {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    String line;
                    while ((line = in.readLine()) != null) {
                        arrivals.add(System.nanoTime());
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String send() throws IOException {
            String token = "t" + NEXT.incrementAndGet();
            socket.getOutputStream().write((token + "\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return token;
        }

        long linesSince(long nanos) {
            return arrivals.stream().filter(at -> at >= nanos).count();
        }

        /** Sends a new token; whether its echo comes back in time (other lines are skipped). */
        boolean echoes(Duration within) throws Exception {
            return sendAndExpectOn(this, within);
        }

        /** Sends a new token here; whether it arrives at {@code receiver} in time. */
        boolean sendAndExpectOn(Line receiver, Duration within) throws Exception {
            String token = send();
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                String line = receiver.lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    return false;
                }
                if (token.equals(line)) {
                    return true;
                }
            }
        }
    }
}
