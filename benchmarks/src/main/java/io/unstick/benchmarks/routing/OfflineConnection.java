package io.unstick.benchmarks.routing;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.server.SSLSessionInfo;
import io.undertow.server.ServerConnection;
import org.xnio.ChannelListener;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.Pool;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSinkConduit;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A connection without a network, so that a {@link HttpServerExchange} can be routed in a benchmark. Undertow
 * reads only its options (cookie parsing limits) on the routing path; anything else would mean the benchmark
 * strayed into I/O, so it fails loudly.
 */
final class OfflineConnection extends ServerConnection {

    @Override
    public OptionMap getUndertowOptions() {
        return OptionMap.EMPTY; // Undertow's defaults: 200 cookies, no '=' in values
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void addCloseListener(CloseListener listener) {
    }

    @Override
    public ChannelListener.Setter<ServerConnection> getCloseSetter() {
        throw offline();
    }

    @Override
    public Pool<ByteBuffer> getBufferPool() {
        throw offline();
    }

    @Override
    public ByteBufferPool getByteBufferPool() {
        throw offline();
    }

    @Override
    public XnioWorker getWorker() {
        throw offline();
    }

    @Override
    public XnioIoThread getIoThread() {
        throw offline();
    }

    @Override
    public HttpServerExchange sendOutOfBandResponse(HttpServerExchange exchange) {
        throw offline();
    }

    @Override
    public boolean isContinueResponseSupported() {
        return false;
    }

    @Override
    public void terminateRequestChannel(HttpServerExchange exchange) {
        throw offline();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return false;
    }

    @Override
    public <T> T getOption(Option<T> option) {
        return null;
    }

    @Override
    public <T> T setOption(Option<T> option, T value) {
        throw offline();
    }

    @Override
    public void close() {
    }

    @Override
    public SocketAddress getPeerAddress() {
        return null;
    }

    @Override
    public <A extends SocketAddress> A getPeerAddress(Class<A> type) {
        return null;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return null;
    }

    @Override
    public <A extends SocketAddress> A getLocalAddress(Class<A> type) {
        return null;
    }

    @Override
    public int getBufferSize() {
        return 16 * 1024;
    }

    @Override
    public SSLSessionInfo getSslSessionInfo() {
        return null;
    }

    @Override
    public void setSslSessionInfo(SSLSessionInfo info) {
        throw offline();
    }

    @Override
    protected StreamConnection upgradeChannel() {
        throw offline();
    }

    @Override
    protected ConduitStreamSinkChannel getSinkChannel() {
        throw offline();
    }

    @Override
    protected ConduitStreamSourceChannel getSourceChannel() {
        throw offline();
    }

    @Override
    protected StreamSinkConduit getSinkConduit(HttpServerExchange exchange, StreamSinkConduit conduit) {
        throw offline();
    }

    @Override
    protected boolean isUpgradeSupported() {
        return false;
    }

    @Override
    protected boolean isConnectSupported() {
        return false;
    }

    @Override
    protected void exchangeComplete(HttpServerExchange exchange) {
    }

    @Override
    protected void setUpgradeListener(HttpUpgradeListener listener) {
        throw offline();
    }

    @Override
    protected void setConnectListener(HttpUpgradeListener listener) {
        throw offline();
    }

    @Override
    protected void maxEntitySizeUpdated(HttpServerExchange exchange) {
    }

    @Override
    public String getTransportProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public boolean isRequestTrailerFieldsSupported() {
        return false;
    }

    private static UnsupportedOperationException offline() {
        return new UnsupportedOperationException("no network in a routing benchmark");
    }
}
