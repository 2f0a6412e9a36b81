package io.unstick.shop.peers;

import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardEngine;
import org.apache.catalina.ha.session.BackupManager;
import org.apache.catalina.ha.session.DeltaManager;
import org.apache.catalina.ha.tcp.SimpleTcpCluster;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.tribes.Channel;
import org.apache.catalina.tribes.group.GroupChannel;
import org.apache.catalina.tribes.membership.StaticMembershipService;
import org.apache.catalina.tribes.transport.nio.NioReceiver;
import org.junit.jupiter.api.Test;
import org.redisson.tomcat.RedissonSessionManager;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each peer is set up as its documentation says (the how-to's and README's settings), before anything starts. */
class PeerManagersTest {

    private final StandardEngine engine = new StandardEngine();
    private final StandardContext context = new StandardContext();

    @Test
    void deltaIsTheHowTosDeltaManagerInAClusterInTheEngine() {
        ManagerBase manager = PeerManagers.install(tribes(TribesReplication.Kind.DELTA), engine, context);

        assertThat(manager).isExactlyInstanceOf(DeltaManager.class).isSameAs(context.getManager());
        DeltaManager delta = (DeltaManager) manager;
        assertThat(delta.isExpireSessionsOnShutdown()).isFalse();
        assertThat(delta.isNotifyListenersOnReplication()).isTrue();
        SimpleTcpCluster cluster = cluster();
        assertThat(cluster.getChannelSendOptions()).as("the how-to's asynchronous default")
                .isEqualTo(Channel.SEND_OPTIONS_ASYNCHRONOUS);
        assertThat(cluster.getManagerTemplate()).isSameAs(manager);
    }

    @Test
    void backupIsTheHowTosBackupManagerWithSynchronousAcknowledgedReplication() {
        ManagerBase manager = PeerManagers.install(tribes(TribesReplication.Kind.BACKUP), engine, context);

        assertThat(manager).isExactlyInstanceOf(BackupManager.class).isSameAs(context.getManager());
        assertThat(((BackupManager) manager).getMapSendOptions())
                .isEqualTo(Channel.SEND_OPTIONS_SYNCHRONIZED_ACK | Channel.SEND_OPTIONS_USE_ACK);
        assertThat(cluster().getManagerTemplate()).isSameAs(manager);
    }

    @Test
    void theTribesChannelListensOnLoopbackAndKnowsItsMembersStaticallyNeverByMulticast() {
        PeerManagers.install(tribes(TribesReplication.Kind.BACKUP), engine, context);

        assertThat(context.getDistributable()).isTrue();
        GroupChannel channel = (GroupChannel) cluster().getChannel();
        NioReceiver receiver = (NioReceiver) channel.getChannelReceiver();
        assertThat(receiver.getAddress()).isEqualTo("127.0.0.1");
        assertThat(receiver.getPort()).isEqualTo(4001);
        assertThat(receiver.getAutoBind()).as("this port or fail").isEqualTo(1);
        assertThat(channel.getMembershipService()).isExactlyInstanceOf(StaticMembershipService.class);
        StaticMembershipService membership = (StaticMembershipService) channel.getMembershipService();
        assertThat(membership.getLocalMember(false).getPort()).isEqualTo(4001);
    }

    @Test
    void redisIsRedissonsManagerWithTheChosenModesAgainstTheLoopbackServer() {
        ManagerBase manager = PeerManagers.install(new RedisSessions(16379, RedisSessions.ReadMode.MEMORY,
                RedisSessions.UpdateMode.AFTER_REQUEST), engine, context);

        assertThat(manager).isExactlyInstanceOf(RedissonSessionManager.class).isSameAs(context.getManager());
        RedissonSessionManager redisson = (RedissonSessionManager) manager;
        assertThat(redisson.getReadMode()).isEqualTo("MEMORY");
        assertThat(redisson.getUpdateMode()).isEqualTo("AFTER_REQUEST");
        assertThat(redisson.getConfig().useSingleServer().getAddress()).isEqualTo("redis://127.0.0.1:16379");
        assertThat(redisson.isBroadcastSessionEvents()).as("Redisson's default").isFalse();
        assertThat(redisson.isBroadcastSessionUpdates()).as("Redisson's default").isTrue();
        assertThat(engine.getCluster()).as("no Tribes cluster for Redis").isNull();
    }

    private SimpleTcpCluster cluster() {
        assertThat(engine.getCluster()).isInstanceOf(SimpleTcpCluster.class);
        return (SimpleTcpCluster) engine.getCluster();
    }

    private static TribesReplication tribes(TribesReplication.Kind kind) {
        return new TribesReplication(kind, 4001, List.of("127.0.0.1:4001", "127.0.0.1:4002"));
    }
}
