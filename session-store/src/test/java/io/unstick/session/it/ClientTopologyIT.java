package io.unstick.session.it;

import com.hazelcast.core.HazelcastInstance;
import io.restassured.response.Response;
import io.unstick.session.store.StoreMember;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Tomcat nodes as Hazelcast clients of a separate one-member cluster started by {@link StoreMember}. The last
 * test stops the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientTopologyIT {

    private static HazelcastInstance member;
    private static TestNode a;
    private static TestNode b;

    @BeforeAll
    static void start() {
        int port = FreePorts.next();
        member = StoreMember.start(Map.of("UNSTICK_HAZELCAST_PORT", String.valueOf(port),
                "UNSTICK_HAZELCAST_CLUSTER", "client-it"));
        a = TestNode.start("node1", manager -> client(manager, port, "client-node1"));
        b = TestNode.start("node2", manager -> client(manager, port, "client-node2"));
    }

    private static void client(io.unstick.session.HazelcastSessionManager manager, int port, String instance) {
        manager.setTopology("client");
        manager.setClusterName("client-it");
        manager.setMembers("127.0.0.1:" + port);
        manager.setHazelcastInstanceName(instance);
    }

    @AfterAll
    static void stop() {
        for (TestNode node : new TestNode[] {a, b}) {
            if (node != null) {
                node.stop();
            }
        }
        if (member != null) {
            member.shutdown();
        }
    }

    @Test
    @Order(1)
    void sessionsLiveInTheSeparateClusterAndAreSharedByTheClients() {
        Browser browser = new Browser();
        browser.get(a, "/api/set?create&name=k&value=v").then().statusCode(200);

        assertThat(browser.get(b, "/api/get?name=k").asString()).isEqualTo("v");
        assertThat(member.getMap("unstick-sessions:localhost/app").size()).isPositive();
    }

    @Test
    @Order(2)
    void expiryIsDeliveredOnceThroughTheClients() {
        int before = a.app.sessionsDestroyed.get() + b.app.sessionsDestroyed.get();
        Browser browser = new Browser();
        browser.get(a, "/api/create").then().statusCode(200);
        browser.get(a, "/api/max?seconds=1").then().statusCode(200);

        Eventually.within(Duration.ofSeconds(30), () ->
                assertThat(a.app.sessionsDestroyed.get() + b.app.sessionsDestroyed.get() - before).isEqualTo(1));
    }

    /**
     * The clients' store calls and readiness probes start no thread per call. On a member, Hazelcast's public futures
     * completed a copy of themselves on its default asynchronous executor, a new thread per call on 2 CPUs or fewer
     * (session-store README, {@code KeyCalls}); a client waits on the public future.
     */
    @Test
    @Order(3)
    void storeCallsStartNoThreadPerCall() throws Exception {
        long started = DefaultExecutorThreads.startedDuring(() -> {
            Browser browser = new Browser();
            browser.get(a, "/api/set?create&name=k&value=0").then().statusCode(200);
            for (int i = 1; i <= 100; i++) {
                browser.get(i % 2 == 0 ? a : b, "/api/set?name=k&value=" + i).then().statusCode(200);
            }
        });
        System.out.printf("threads Hazelcast's default executor started during 101 requests on two client nodes: %d"
                + " (%d CPUs)%n", started, Runtime.getRuntime().availableProcessors());
        assertThat(started).as("threads started by Hazelcast's default executor during 101 requests").isZero();
    }

    @Test
    @Order(4)
    void whenTheClusterIsGoneRequestsGetA503WithoutAStackTraceNotANewSession() {
        Browser browser = new Browser();
        browser.get(a, "/api/set?create&name=k&value=v").then().statusCode(200);
        String id = browser.sessionId();

        member.shutdown();
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        Response takingOver;
        Response inTheServlet;
        Response creating;
        Browser newcomer = new Browser();
        try {
            takingOver = browser.get(b, "/api/get?name=k");   // fails in the valve, adopting the route
            inTheServlet = browser.get(a, "/api/get?name=k"); // the authenticator's session look-up, or getSession()
            creating = newcomer.get(a, "/api/create");        // a new session, whose first commit fails
        } finally {
            root.removeHandler(handler);
        }
        assertThat(logged).as("log records with a stack trace").noneMatch(record -> record.getThrown() != null);
        assertThat(logged).as("one line per refused request").filteredOn(record -> record.getLevel().intValue()
                >= Level.WARNING.intValue()).isNotEmpty();

        for (Response response : new Response[] {takingOver, inTheServlet, creating}) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("1");
            assertThat(response.asString()).contains("Session store unavailable").doesNotContain("Exception");
        }
        assertThat(browser.sessionId()).isEqualTo(id); // no new, empty session was handed out
        assertThat(newcomer.sessionId()).as("no id of a session that was never stored").isNull();
    }
}
