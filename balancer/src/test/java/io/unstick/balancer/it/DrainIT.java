package io.unstick.balancer.it;

import io.unstick.balancer.support.Admin;
import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** drain: only bound clients; disable: nothing; enable: everything; and the bound-client count shows it. */
class DrainIT {

    private BalancerFixture fx;

    @AfterEach
    void stop() {
        fx.close();
    }

    private record Client(String cookie, String node) {
    }

    private Client newCookieClient() {
        HttpResponse<String> r = Http.get(fx.url() + "/");
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Client(setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')), Http.node(r));
    }

    private String nodeFor(Client c) {
        return Http.node(Http.get(fx.url() + "/", "Cookie", "UNSTICK_ROUTE=" + c.cookie()));
    }

    private int boundClients(String node) {
        return given().get(fx.adminUrl() + "/admin/nodes/" + node).path("boundClients");
    }

    private void admin(String node, String action, String expectedState) {
        Admin.json().post(fx.adminUrl() + "/admin/nodes/" + node + "/" + action).then().statusCode(200);
        assertThat((String) given().get(fx.adminUrl() + "/admin/nodes/" + node).path("state")).isEqualTo(expectedState);
    }

    @Test
    void drainDisableEnableWithCookies() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "cookie");
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clients.add(newCookieClient());
        }
        List<Client> onNode1 = clients.stream().filter(c -> c.node().equals("node1")).toList();
        assertThat(onNode1).isNotEmpty();
        assertThat(boundClients("node1")).isEqualTo(onNode1.size());
        assertThat(boundClients("node2")).isEqualTo(clients.size() - onNode1.size());

        admin("node1", "drain", "DRAINING");
        for (int i = 0; i < 10; i++) {
            assertThat(newCookieClient().node()).as("no new client on a draining node").isEqualTo("node2");
        }
        for (Client c : onNode1) {
            assertThat(nodeFor(c)).as("bound clients keep their draining node").isEqualTo("node1");
        }
        assertThat(boundClients("node1")).isEqualTo(onNode1.size());

        admin("node1", "disable", "DISABLED");
        for (Client c : onNode1) {
            assertThat(nodeFor(c)).as("a disabled node gets nothing").isEqualTo("node2");
        }
        assertThat(boundClients("node1")).as("moved clients are no longer bound").isZero();

        admin("node1", "enable", "UP");
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            nodes.add(newCookieClient().node());
        }
        assertThat(nodes).contains("node1");
    }

    @Test
    void drainWithHashingKeepsOnlyKeysAlreadySeen() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "header:X-User");
        List<String> seenOnNode1 = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if (Http.node(Http.get(fx.url() + "/", "X-User", "old-" + i)).equals("node1")) {
                seenOnNode1.add("old-" + i);
            }
        }
        assertThat(seenOnNode1).isNotEmpty();
        admin("node1", "drain", "DRAINING");
        for (String user : seenOnNode1) {
            assertThat(Http.node(Http.get(fx.url() + "/", "X-User", user))).isEqualTo("node1");
        }
        for (int i = 0; i < 40; i++) {
            assertThat(Http.node(Http.get(fx.url() + "/", "X-User", "new-" + i))).isEqualTo("node2");
        }
        assertThat(boundClients("node1")).isEqualTo(seenOnNode1.size());
    }
}
