package io.unstick.shop;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.ha.session.DeltaManager;
import org.apache.catalina.ha.tcp.SimpleTcpCluster;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.tribes.group.GroupChannel;
import org.apache.catalina.tribes.membership.StaticMember;
import org.apache.catalina.tribes.membership.StaticMembershipService;
import org.apache.catalina.tribes.transport.nio.NioReceiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * {@code UNSTICK_SESSION_MANAGER=delta}: Tomcat's own session replication, the peer unstick's session store is
 * measured against. A DeltaManager on a {@link SimpleTcpCluster} whose Tribes channel listens on 127.0.0.1 and
 * knows its members statically ({@link StaticMembershipService}): Tribes' default membership is multicast, which
 * is never used here.
 */
final class TribesDeltaCluster {

    private static final String HOST = "127.0.0.1";

    private TribesDeltaCluster() {
    }

    /** A DeltaManager that joins the context to its own Tribes cluster when Tomcat gives it the context. */
    static ManagerBase deltaManager(Config config) {
        SimpleTcpCluster cluster = new SimpleTcpCluster();
        cluster.setChannel(channel(config));
        ClusteredDeltaManager manager = new ClusteredDeltaManager(cluster);
        manager.setExpireSessionsOnShutdown(false);
        manager.setNotifyListenersOnReplication(true);
        return manager;
    }

    private static GroupChannel channel(Config config) {
        NioReceiver receiver = new NioReceiver();
        receiver.setAddress(HOST);
        receiver.setPort(config.port());
        receiver.setAutoBind(1); // this port or fail: the other members expect it
        StaticMembershipService membership = new StaticMembershipService();
        membership.setLocalMember(member(config.port()));
        config.peerPorts().forEach(port -> membership.addStaticMember(member(port)));
        GroupChannel channel = new GroupChannel();
        channel.setJmxEnabled(false); // Tomcat's JMX is off in the shop; a registering channel warns on every stop
        channel.setChannelReceiver(receiver);
        channel.setMembershipService(membership);
        return channel;
    }

    /** A member on loopback whose unique id follows from its port, so every node names it the same. */
    private static StaticMember member(int port) {
        try {
            byte[] id = MessageDigest.getInstance("MD5").digest((HOST + ":" + port).getBytes(StandardCharsets.US_ASCII));
            return new StaticMember(HOST, port, 0, id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot describe the Tribes member " + HOST + ":" + port, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5, which every JVM must have", e);
        }
    }

    /**
     * Tomcat registers a distributable context's manager with the context's cluster, but starts only the clusters of
     * engines and hosts: this manager starts and stops its own, around itself. Started, the cluster puts its
     * ReplicationValve in the context's pipeline, which sends each request's deltas.
     */
    private static final class ClusteredDeltaManager extends DeltaManager {

        private final SimpleTcpCluster tribes;

        ClusteredDeltaManager(SimpleTcpCluster tribes) {
            this.tribes = tribes;
        }

        @Override
        public void setContext(Context context) {
            super.setContext(context);
            if (context != null) {
                context.setDistributable(true);
                context.setCluster(tribes);
            }
        }

        @Override
        protected synchronized void startInternal() throws LifecycleException {
            tribes.start();
            super.startInternal();
        }

        @Override
        protected synchronized void stopInternal() throws LifecycleException {
            try {
                super.stopInternal();
            } finally {
                tribes.stop();
            }
        }
    }

    /**
     * This node's place in the Tribes cluster, read from the environment by {@link ShopConfig}.
     *
     * @param port    {@code UNSTICK_TRIBES_PORT}: this node's Tribes receiver port on 127.0.0.1 (default 4000)
     * @param members {@code UNSTICK_TRIBES_MEMBERS}: comma-separated {@code 127.0.0.1:port} of every node's receiver,
     *                this one included (default: only this node)
     */
    record Config(int port, List<String> members) {

        static final int DEFAULT_PORT = 4000;

        Config {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("UNSTICK_TRIBES_PORT must be 1..65535, but was " + port);
            }
            members = List.copyOf(members);
            for (String member : members) {
                if (!member.matches("127\\.0\\.0\\.1:\\d{1,5}")) {
                    throw new IllegalArgumentException("UNSTICK_TRIBES_MEMBERS must be comma-separated 127.0.0.1:port"
                            + " (the Tribes cluster stays on loopback), but contained '" + member + "'");
                }
            }
        }

        /** The receiver ports of the other members. */
        List<Integer> peerPorts() {
            return members.stream().map(m -> Integer.parseInt(m.substring(m.indexOf(':') + 1)))
                    .filter(p -> p != port).distinct().toList();
        }
    }
}
