package io.unstick.shop;

import io.unstick.testsupport.FreePorts;

import java.util.Map;

/** Two sticky nodes of a Tomcat replication peer: their Tribes receivers on free loopback ports. */
final class TribesNodes {

    private final String manager;
    private final int[] ports = {FreePorts.next(), FreePorts.next()};

    /** @param manager {@code delta} or {@code backup} */
    TribesNodes(String manager) {
        this.manager = manager;
    }

    ShopConfig node(int index) {
        return ShopConfig.fromEnvironment(Map.of("UNSTICK_MODE", "sticky", "UNSTICK_NODE_NAME", "node" + index,
                "UNSTICK_PORT", "0", "UNSTICK_MANAGEMENT_PORT", "0", "UNSTICK_SESSION_MANAGER", manager,
                "UNSTICK_TRIBES_PORT", String.valueOf(ports[index - 1]),
                "UNSTICK_TRIBES_MEMBERS", "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1]));
    }
}
