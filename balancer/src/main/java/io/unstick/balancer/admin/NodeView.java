package io.unstick.balancer.admin;

import io.unstick.balancer.node.Node;

/**
 * A node as {@code GET /admin/nodes} shows it:
 * <pre>{"name":"node1","url":"http://127.0.0.1:8081","state":"UP","inFlight":0,"requests":1234,"boundClients":17}</pre>
 */
record NodeView(String name, String url, String state, int inFlight, long requests, int boundClients) {

    static NodeView of(Node node, long nowMillis) {
        return new NodeView(node.name(), node.url().toString(), node.state(nowMillis).name(), node.inFlight(),
                node.requests(), node.boundClients().count(nowMillis));
    }
}
