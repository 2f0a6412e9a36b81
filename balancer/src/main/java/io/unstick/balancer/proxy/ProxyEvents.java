package io.unstick.balancer.proxy;

import io.undertow.server.HttpServerExchange;
import io.unstick.balancer.node.Node;

/** What forwarding observed; implemented by the metrics. */
public interface ProxyEvents {

    /** A request failed on {@code failed} and is being tried again on another node. */
    void retried(Node failed);

    /** A request ended; {@code node} is where it was last sent, or null if none could take it. */
    void completed(HttpServerExchange exchange, Node node, long durationNanos);
}
