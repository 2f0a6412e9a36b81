package io.unstick.balancer.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;
import io.unstick.balancer.listen.InboundConnection;

import java.io.IOException;

/**
 * The first handler: refuses what Undertow's parser lets through but a proxy must not pass on, before anything
 * reaches a backend, and arms the strict check of chunked bodies ({@link ChunkFraming}).
 *
 * <pre>
 * HTTP version other than 1.0 and 1.1 (2.0 only on an HTTP/2 connection)   505   (as written: {@link InboundConnection})
 * Transfer-Encoding other than exactly "chunked" (gzip, identity, xchunked)  501
 * Transfer-Encoding in an HTTP/1.0 request                                  400
 * Expect other than a single "100-continue"                                 417
 * CONNECT (no tunnels: this is not a forward proxy) and TRACE (echoes credentials)   405
 * </pre>
 * Undertow already refuses Content-Length with Transfer-Encoding, conflicting Content-Lengths, CR/LF/NUL in
 * headers, several Host headers and oversized heads (the hostile-input suite keeps it honest).
 */
public final class ProtocolGuardHandler implements HttpHandler {

    private static final String CONTINUE = "100-continue";

    private final FaultReporter reporter;
    private final int maxTrailerBytes;
    private final HttpHandler next;

    public ProtocolGuardHandler(FaultReporter reporter, int maxTrailerBytes, HttpHandler next) {
        this.reporter = reporter;
        this.maxTrailerBytes = maxTrailerBytes;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HttpString protocol = exchange.getProtocol();
        boolean http1 = exchange.getConnection() instanceof HttpServerConnection;
        InboundConnection inbound = InboundConnection.of(exchange);
        if (inbound != null) {
            inbound.requestStarted(exchange);
            if (inbound.unsupportedVersion()) {
                // Undertow's parser reads any HTTP/x.y it does not know as HTTP/1.1; the raw line says otherwise.
                reporter.refuse(exchange, ClientFault.HTTP_VERSION, "request line says " + inbound.requestedVersion());
                return;
            }
        }
        if (!(protocol.equals(Protocols.HTTP_1_1) || protocol.equals(Protocols.HTTP_1_0)
                || (!http1 && protocol.equals(Protocols.HTTP_2_0)))) {
            exchange.setProtocol(Protocols.HTTP_1_1); // answer in a version the client can read
            reporter.refuse(exchange, ClientFault.HTTP_VERSION, "request line says " + protocol);
            return;
        }
        HttpString method = exchange.getRequestMethod();
        if (method.equals(Methods.CONNECT) || method.equals(Methods.TRACE)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
            reporter.refuse(exchange, ClientFault.METHOD, method.toString());
            return;
        }
        HeaderMap headers = exchange.getRequestHeaders();
        HeaderValues expect = headers.get(Headers.EXPECT);
        if (expect != null && (expect.size() != 1 || !CONTINUE.equalsIgnoreCase(expect.getFirst().trim()))) {
            reporter.refuse(exchange, ClientFault.EXPECTATION, "Expect: " + String.join(", ", expect));
            return;
        }
        HeaderValues transferEncoding = headers.get(Headers.TRANSFER_ENCODING);
        if (transferEncoding != null && !checkTransferEncoding(exchange, transferEncoding)) {
            return;
        }
        next.handleRequest(exchange);
    }

    private boolean checkTransferEncoding(HttpServerExchange exchange, HeaderValues values) throws IOException {
        if (!exchange.isHttp11()) {
            reporter.refuse(exchange, ClientFault.FRAMING, "Transfer-Encoding in a " + exchange.getProtocol() + " request");
            return false;
        }
        if (values.size() != 1 || !"chunked".equalsIgnoreCase(values.getFirst().trim())) {
            reporter.refuse(exchange, ClientFault.TRANSFER_CODING, "Transfer-Encoding: " + String.join(", ", values));
            return false;
        }
        try {
            ChunkFraming.install(exchange, reporter, maxTrailerBytes);
        } catch (ChunkGrammar.InvalidChunkedException e) {
            reporter.refuse(exchange, ClientFault.INVALID_CHUNKED, e.getMessage());
            return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "protocol-guard(max-trailer=" + maxTrailerBytes + ")";
    }
}
