package io.unstick.balancer.forward;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.unstick.balancer.guard.RequestBodyHandler;
import io.unstick.balancer.proxy.BalancerProxyClient;

import org.xnio.XnioIoThread;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The balancer's own HTTP/1.1 forwarder on XNIO, the last handler of the chain (selected by
 * {@code UNSTICK_FORWARDER=xnio}). It forwards the common request shape itself and hands the rest to
 * {@code fallback}, Undertow's proxy:
 * <ul>
 *   <li>its own: HTTP/1.0 and 1.1 requests, plain or TLS, with no body or a body the
 *       {@link RequestBodyHandler} read completely (up to {@code UNSTICK_REQUEST_BUFFER_SIZE}, Content-Length or
 *       chunked; {@code Expect: 100-continue} was answered there); responses with Content-Length, chunked or
 *       delimited by the close, streamed to the client as they arrive;</li>
 *   <li>Undertow's: HTTP/2 streams, upgrades ({@code Upgrade}, WebSocket), {@code CONNECT}, and bodies larger than
 *       the buffer, which are streamed.</li>
 * </ul>
 * Both paths choose the node through the same {@link BalancerProxyClient}, so routing, draining, failover and
 * metrics do not depend on which one forwards.
 */
public final class ForwardingHandler implements HttpHandler {

    /** RFC 9110 section 9.2.2: a request that may be sent again after a failure with nothing back. */
    private static final Set<HttpString> IDEMPOTENT = Set.of(Methods.GET, Methods.HEAD, Methods.OPTIONS, Methods.TRACE,
            Methods.PUT, Methods.DELETE);

    /** What every forward needs. */
    record Settings(BalancerProxyClient proxyClient, BackendPools pools, int maxRetries, long timeoutMillis,
                    boolean trustForwarded, ConcurrentMap<XnioIoThread, Deadlines> deadlinesByThread) {

        /** The deadlines of {@code thread}'s forwards; called on that thread, so only it adds its own. */
        Deadlines deadlinesOf(XnioIoThread thread) {
            Deadlines own = deadlinesByThread.get(thread);
            if (own == null) {
                own = Deadlines.on(thread, timeoutMillis);
                deadlinesByThread.put(thread, own);
            }
            return own;
        }

        boolean idempotent(HttpServerExchange exchange) {
            return IDEMPOTENT.contains(exchange.getRequestMethod());
        }
    }

    private final Settings settings;
    private final HttpHandler fallback;

    /**
     * @param maxRetries    further nodes tried after a failure that is safe to retry
     * @param timeoutMillis a request not answered completely in this time gets 504 (or its connection closed)
     * @param fallback      Undertow's proxy, for what this one does not forward itself
     */
    public ForwardingHandler(BalancerProxyClient proxyClient, BackendPools pools, int maxRetries, long timeoutMillis,
                             boolean trustForwarded, HttpHandler fallback) {
        this.settings = new Settings(proxyClient, pools, maxRetries, timeoutMillis, trustForwarded,
                new ConcurrentHashMap<>());
        this.fallback = fallback;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!owns(exchange)) {
            fallback.handleRequest(exchange);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, new Forward(settings, exchange));
    }

    /** Whether this forwarder takes the request, rather than Undertow's proxy (see the class comment). */
    static boolean owns(HttpServerExchange exchange) {
        return exchange.getConnection() instanceof HttpServerConnection
                && !exchange.getRequestHeaders().contains(Headers.UPGRADE)
                && !exchange.getRequestMethod().equals(Methods.CONNECT)
                && RequestBodyHandler.bodyInMemory(exchange);
    }

    @Override
    public String toString() {
        return "xnio-forwarder(retries=" + settings.maxRetries() + ", timeout=" + settings.timeoutMillis() + "ms)";
    }
}
