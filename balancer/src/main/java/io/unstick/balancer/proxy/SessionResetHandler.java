package io.unstick.balancer.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.routing.JSessionIds;

/**
 * Counts session resets: a response that sets a new {@code JSESSIONID} for a client that sent one. That is the
 * direct count of sessions lost (a node died and the new one started over), plus deliberate id changes such
 * as a login's session fixation protection. A new id that differs only in its jvmRoute suffix is a takeover
 * by another node with a shared store, not a loss, and is not counted; neither is a cookie deletion.
 */
public final class SessionResetHandler implements HttpHandler {

    /** Receives the resets; implemented by the metrics. */
    public interface Sink {
        void sessionReset(Node node);
    }

    private final Sink sink;
    private final HttpHandler next;

    public SessionResetHandler(Sink sink, HttpHandler next) {
        this.sink = sink;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String sent = JSessionIds.fromRequest(exchange);
        if (sent != null) { // only clients that have a session can lose one: no work for the rest
            exchange.addResponseCommitListener(new Check(JSessionIds.base(sent)));
        }
        next.handleRequest(exchange);
    }

    private final class Check implements ResponseCommitListener {
        private final String sentBase;

        Check(String sentBase) {
            this.sentBase = sentBase;
        }

        @Override
        public void beforeCommit(HttpServerExchange exchange) {
            HeaderValues setCookies = exchange.getResponseHeaders().get(Headers.SET_COOKIE);
            if (setCookies == null) {
                return;
            }
            for (String header : setCookies) {
                String issued = JSessionIds.fromSetCookie(header);
                if (issued != null && !issued.equals(sentBase) && !JSessionIds.base(issued).equals(sentBase)) {
                    sink.sessionReset(BalancerProxyClient.nodeOf(exchange));
                    return;
                }
            }
        }
    }
}
