package io.unstick.shop.peers;

import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.ha.session.BackupManager;
import org.apache.catalina.ha.session.ClusterManagerBase;
import org.apache.catalina.ha.session.DeltaManager;
import org.apache.catalina.ha.tcp.SimpleTcpCluster;
import org.apache.catalina.tribes.group.GroupChannel;
import org.apache.catalina.tribes.membership.StaticMember;
import org.apache.catalina.tribes.membership.StaticMembershipService;
import org.apache.catalina.tribes.transport.nio.NioReceiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Tomcat's own session replication as its clustering how-to sets it up: a {@link SimpleTcpCluster} in the
 * {@code <Engine>}, a distributable context, and the cluster manager the peer names — one cluster builder, the
 * manager chosen by {@link TribesReplication.Kind}. The equivalent {@code server.xml}:
 *
 * <pre>{@code
 * <Engine name="Tomcat" defaultHost="localhost" jvmRoute="node1">
 *   <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster">    <!-- channelSendOptions 8: asynchronous -->
 *     <Manager className="org.apache.catalina.ha.session.DeltaManager"      <!-- or BackupManager, mapSendOptions 6 -->
 *              expireSessionsOnShutdown="false" notifyListenersOnReplication="true"/>
 *     <Channel className="org.apache.catalina.tribes.group.GroupChannel">
 *       <Membership className="org.apache.catalina.tribes.membership.StaticMembershipService">
 *         <LocalMember className="org.apache.catalina.tribes.membership.StaticMember" uniqueId="{md5 of 127.0.0.1:4001}"/>
 *         <Member className="org.apache.catalina.tribes.membership.StaticMember" host="127.0.0.1" port="4002" .../>
 *       </Membership>
 *       <Receiver className="org.apache.catalina.tribes.transport.nio.NioReceiver" address="127.0.0.1" port="4001" autoBind="1"/>
 *     </Channel>
 *   </Cluster>
 * </Engine>
 * }</pre>
 *
 * Everything not shown is the how-to's default, which {@link SimpleTcpCluster} fills in itself: the
 * {@code ReplicationValve} and {@code JvmRouteBinderValve}, the {@code TcpFailureDetector} and
 * {@code MessageDispatchInterceptor}, the pooled parallel sender, and for DeltaManager its
 * {@code ClusterSessionListener}. The one departure is the membership: Tribes' default is multicast, which is never
 * used here, so members are listed ({@link StaticMembershipService}, Tomcat's documented alternative).
 */
final class TribesCluster {

    private static final String HOST = "127.0.0.1";

    private TribesCluster() {
    }

    /** Puts the cluster in the engine, makes the context distributable and gives it the peer's manager. */
    static ClusterManagerBase install(TribesReplication config, Engine engine, Context context) {
        ClusterManagerBase manager = manager(config.kind());
        SimpleTcpCluster cluster = new SimpleTcpCluster();
        cluster.setChannel(channel(config));
        cluster.setManagerTemplate(manager);
        // The engine starts its cluster before its hosts and contexts, and stops it after them: the manager joins
        // a running cluster and leaves before it stops.
        engine.setCluster(cluster);
        context.setDistributable(true);
        context.setManager(manager);
        return manager;
    }

    private static ClusterManagerBase manager(TribesReplication.Kind kind) {
        return switch (kind) {
            case DELTA -> {
                DeltaManager delta = new DeltaManager();
                delta.setExpireSessionsOnShutdown(false);
                delta.setNotifyListenersOnReplication(true);
                yield delta;
            }
            case BACKUP -> {
                BackupManager backup = new BackupManager();
                backup.setNotifyListenersOnReplication(true);
                yield backup;
            }
        };
    }

    private static GroupChannel channel(TribesReplication config) {
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
}
