package io.unstick.lab.bench.balancer.ceiling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A measurement fixture, not a product path: the smallest keep-alive HTTP/1.1 forwarder on XNIO (the I/O layer
 * under Undertow) that does what the balancer's data path must do per request — read the head, pick the backend
 * from the {@code SERVERID=sN} cookie, add {@code X-Forwarded-For} and {@code Forwarded}, send it on a pooled
 * keep-alive backend connection, copy the response back — and nothing else: no chunked bodies, no
 * {@code Expect}, no upgrades, no retries, no timeouts, no limits, no guards against hostile input. It answers
 * one question for {@code ./unstick bench balancer --proxies ...,ceiling}: how fast can a purpose-built forwarder on
 * the JVM be on this machine, next to HAProxy? Listens and connects on 127.0.0.1 only, and exits by itself.
 *
 * <pre>
 * java -cp unstick-lab.jar io.unstick.lab.bench.balancer.ceiling.ForwarderCeiling PORT IO_THREADS LIFETIME_SECONDS BACKEND_PORT...
 * </pre>
 */
public final class ForwarderCeiling implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ForwarderCeiling.class);

    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> server;

    private ForwarderCeiling(XnioWorker worker, AcceptingChannel<StreamConnection> server) {
        this.worker = worker;
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and forwards to the backends on 127.0.0.1. */
    public static ForwarderCeiling start(int port, int ioThreads, List<Integer> backendPorts) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<InetSocketAddress> backends = new ArrayList<>();
        backendPorts.forEach(p -> backends.add(new InetSocketAddress(loopback, p)));
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("at least one backend port");
        }
        Xnio xnio = Xnio.getInstance("nio", ForwarderCeiling.class.getClassLoader());
        XnioWorker worker = xnio.createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 1)
                .set(Options.WORKER_NAME, "ceiling")
                .getMap());
        try {
            AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                    new InetSocketAddress(loopback, port), channel -> accept(channel, backends),
                    OptionMap.builder().set(Options.TCP_NODELAY, true).set(Options.REUSE_ADDRESSES, true)
                            .set(Options.BACKLOG, 1024).getMap());
            server.resumeAccepts();
            return new ForwarderCeiling(worker, server);
        } catch (IOException | RuntimeException e) {
            worker.shutdownNow();
            throw e;
        }
    }

    private static void accept(AcceptingChannel<StreamConnection> channel, List<InetSocketAddress> backends) {
        while (true) {
            StreamConnection connection;
            try {
                connection = channel.accept();
            } catch (IOException e) {
                LOG.warn("accept failed: {}", e.toString());
                return;
            }
            if (connection == null) {
                return;
            }
            try {
                connection.setOption(Options.TCP_NODELAY, true);
            } catch (IOException e) {
                IoUtils.safeClose(connection);
                continue;
            }
            new ForwardedConnection(connection, backends).start();
        }
    }

    public int port() {
        return server.getLocalAddress(InetSocketAddress.class).getPort();
    }

    @Override
    public void close() {
        IoUtils.safeClose(server);
        worker.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ForwarderCeiling PORT IO_THREADS LIFETIME_SECONDS BACKEND_PORT...");
            System.exit(2);
        }
        List<Integer> backendPorts = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            backendPorts.add(Integer.parseInt(args[i]));
        }
        Duration lifetime = Duration.ofSeconds(Long.parseLong(args[2]));
        ForwarderCeiling ceiling = start(Integer.parseInt(args[0]), Integer.parseInt(args[1]), backendPorts);
        Runtime.getRuntime().addShutdownHook(new Thread(ceiling::close, "ceiling-stop"));
        LOG.info("forwarder ceiling fixture on 127.0.0.1:{} -> 127.0.0.1:{}, exits after {}", ceiling.port(),
                backendPorts, lifetime);
        Thread.sleep(lifetime.toMillis());
        LOG.info("lifetime over, exiting");
        System.exit(0);
    }
}
