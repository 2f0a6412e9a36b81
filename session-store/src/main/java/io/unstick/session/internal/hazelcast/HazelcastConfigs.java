package io.unstick.session.internal.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.XmlClientConfigBuilder;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.unstick.session.internal.core.PauseWatch;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Builds member and client configurations. Whatever the source, multicast discovery stays off, members join by
 * TCP-IP on explicit addresses, phone-home is disabled, and a member binds the one address it advertises
 * ({@code hazelcast.socket.bind.any=false}, unless a configuration file sets it).
 *
 * <p><b>Fail fast.</b> Hazelcast's defaults wait a minute for a silent member; unstick's store answers a request
 * within {@code storeTimeoutMs}, and the cluster's own timeouts follow from it. Each is only a default: a value set
 * in the configuration file or as a system property ({@code -Dhazelcast.max.no.heartbeat.seconds=10}) wins.
 * <pre>
 * property                                      default               why
 * hazelcast.heartbeat.interval.seconds          1                     (Hazelcast: 5)
 * hazelcast.max.no.heartbeat.seconds            5                     a silent member is removed after 5 s (60)
 * hazelcast.operation.call.timeout.millis       max(5000, 2 x T)      a call to a stalled member is abandoned (60000)
 * hazelcast.operation.backup.timeout.millis     T + 1000              longer than the request's deadline T: a write
 *                                                                     is acknowledged only once its backup is (5000)
 * hazelcast.merge.first.run.delay.seconds       10                    split clusters look for each other soon (300)
 * hazelcast.merge.next.run.delay.seconds        10                    (120)
 * hazelcast.graceful.shutdown.max.wait          30                    a stopping member hands its partitions over
 *                                                                     for at most 30 s (600)
 * hazelcast.shutdownhook.enabled                false (always)        the manager's stop leaves the cluster, never
 *                                                                     a JVM hook racing the container's shutdown
 * client: hazelcast.client.heartbeat.interval   1000, .timeout 5000, hazelcast.client.invocation.timeout.seconds
 *                                               max(5, 2 x T)
 * </pre>
 * <b>Split-brain protection</b> ({@link #QUORUM}): the session maps refuse reads and writes on a member that sees
 * fewer than {@link Resilience#quorum} members recently active (heartbeats within half of max-no-heartbeat), so that
 * a cut-off member refuses before the others take its partitions over.
 */
public final class HazelcastConfigs {

    static final String PHONE_HOME = "hazelcast.phone.home.enabled";
    /** Name of the split-brain protection on the session maps. */
    public static final String QUORUM = "unstick-quorum";
    static final String HEARTBEAT_INTERVAL = "hazelcast.heartbeat.interval.seconds";
    static final String MAX_NO_HEARTBEAT = "hazelcast.max.no.heartbeat.seconds";
    static final String SHUTDOWN_HOOK = "hazelcast.shutdownhook.enabled";
    static final String BIND_ANY = "hazelcast.socket.bind.any";
    private static final System.Logger LOG = System.getLogger(HazelcastConfigs.class.getName());

    private HazelcastConfigs() {
    }

    public static Config member(HazelcastSettings settings, ClassLoader classLoader) {
        Config config;
        if (settings.configFile() != null) {
            config = loadMember(settings.configFile());
            if (!config.getAdvancedNetworkConfig().isEnabled()) {
                LOG.log(System.Logger.Level.WARNING, "The member configured by " + settings.configFile()
                        + " accepts Hazelcast clients on its member port: enable its advanced-network with a member"
                        + " endpoint only, unless clients must connect (see the session store README, Security)");
            }
        } else {
            config = new Config();
            config.setClusterName(settings.clusterName());
            network(config, settings);
            config.getMapConfig(settings.mapName()).setBackupCount(settings.backupCount());
            config.getMapConfig(HazelcastSessionStore.expiryClaimsMapName(settings.mapName()))
                    .setBackupCount(Math.max(1, settings.backupCount()));
        }
        JoinConfig join = config.getAdvancedNetworkConfig().isEnabled() ? config.getAdvancedNetworkConfig().getJoin()
                : config.getNetworkConfig().getJoin();
        if (join.getMulticastConfig().isEnabled()) {
            LOG.log(System.Logger.Level.WARNING, "Multicast discovery in " + settings.configFile()
                    + " is switched off: unstick members join by TCP-IP on explicit addresses only");
        }
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.setProperty(PHONE_HOME, "false");
        if (config.getProperty(BIND_ANY) == null) {
            config.setProperty(BIND_ANY, "false"); // a file that wants every interface says so explicitly
        }
        config.setInstanceName(settings.instanceName());
        config.setClassLoader(classLoader);
        WireTypeFactory.register(config.getSerializationConfig());
        failFast(config, settings.resilience().storeTimeoutMs());
        protectFromSplitBrain(config, settings.mapName(), settings.resilience().quorum(
                settings.configFile() == null ? settings.members() : join.getTcpIpConfig().getMembers()));
        MapConfig sessions = config.getMapConfig(settings.mapName());
        if (sessions.getMergePolicyConfig().getPolicy().equals(MergePolicyConfig.DEFAULT_MERGE_POLICY)) {
            sessions.getMergePolicyConfig().setPolicy(SessionMergePolicy.class.getName());
        }
        if (sessions.getEvictionConfig().getEvictionPolicy() != com.hazelcast.config.EvictionPolicy.NONE) {
            LOG.log(System.Logger.Level.WARNING, "Map " + settings.mapName()
                    + " has eviction configured: evicted sessions are lost without destroyed events");
        }
        return config;
    }

    /**
     * The member listens on one address (its own, {@link MemberAddress}) and speaks only the member protocol there:
     * Hazelcast's advanced network with a member endpoint alone, so a Hazelcast client cannot connect. Clients get
     * an endpoint only when asked for ({@code clientPort}); on the member port itself, that is the classic single
     * socket.
     */
    private static void network(Config config, HazelcastSettings settings) {
        String address = MemberAddress.resolve(settings.memberAddress(), settings.members(), settings.memberPort());
        if (settings.clientPort() == settings.memberPort()) {
            config.getNetworkConfig().setPort(settings.memberPort()).setPortAutoIncrement(false)
                    .setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(address))
                    .getJoin().getTcpIpConfig().setEnabled(true).setMembers(settings.members());
            return;
        }
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        network.setMemberEndpointConfig(endpoint(settings.memberPort(), address));
        if (settings.clientPort() > 0) {
            network.setClientEndpointConfig(endpoint(settings.clientPort(), address));
        }
        network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    }

    private static ServerSocketEndpointConfig endpoint(int port, String address) {
        ServerSocketEndpointConfig endpoint = new ServerSocketEndpointConfig();
        endpoint.setPort(port).setPortAutoIncrement(false)
                .setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(address));
        return endpoint;
    }

    static ClientConfig client(HazelcastSettings settings, ClassLoader classLoader) {
        ClientConfig config;
        if (settings.configFile() != null) {
            config = loadClient(settings.configFile());
        } else {
            config = new ClientConfig();
            config.setClusterName(settings.clusterName());
            config.getNetworkConfig().setAddresses(settings.members());
            // Fail Tomcat's start after 30 s instead of waiting forever for an absent cluster; while the cluster is
            // away, fail requests at once (503) and reconnect in the background instead of holding requests.
            config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
            config.getConnectionStrategyConfig().setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        }
        config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
        config.setProperty(PHONE_HOME, "false");
        long timeout = settings.resilience().storeTimeoutMs();
        defaultProperty(config.getProperties(), "hazelcast.client.heartbeat.interval", "1000");
        defaultProperty(config.getProperties(), "hazelcast.client.heartbeat.timeout", "5000");
        defaultProperty(config.getProperties(), "hazelcast.client.invocation.timeout.seconds",
                String.valueOf(Math.max(5, (2 * timeout + 999) / 1000)));
        config.setProperty(SHUTDOWN_HOOK, "false");
        config.setInstanceName(settings.instanceName());
        config.setClassLoader(classLoader);
        WireTypeFactory.register(config.getSerializationConfig());
        return config;
    }

    private static void failFast(Config config, long storeTimeoutMs) {
        java.util.Properties properties = config.getProperties();
        defaultProperty(properties, HEARTBEAT_INTERVAL, "1");
        defaultProperty(properties, MAX_NO_HEARTBEAT, "5");
        defaultProperty(properties, "hazelcast.operation.call.timeout.millis",
                String.valueOf(Math.max(5_000, 2 * storeTimeoutMs)));
        defaultProperty(properties, "hazelcast.operation.backup.timeout.millis", String.valueOf(storeTimeoutMs + 1_000));
        defaultProperty(properties, "hazelcast.merge.first.run.delay.seconds", "10");
        defaultProperty(properties, "hazelcast.merge.next.run.delay.seconds", "10");
        defaultProperty(properties, "hazelcast.graceful.shutdown.max.wait", "30");
        properties.setProperty(SHUTDOWN_HOOK, "false");
    }

    /** Sets a Hazelcast property unless the configuration file or a system property already sets it. */
    private static void defaultProperty(java.util.Properties properties, String name, String value) {
        if (properties.getProperty(name) == null && System.getProperty(name) == null) {
            properties.setProperty(name, value);
        }
    }

    /**
     * Hazelcast's recently-active split-brain protection on the session maps: a member that has heard fewer than
     * {@code quorum} members (itself included) within the tolerance refuses their reads and writes. The tolerance is
     * shorter than the failure detection, so a cut-off member stops serving before the others promote its backups.
     */
    private static void protectFromSplitBrain(Config config, String mapName, int quorum) {
        if (quorum <= 1) {
            return;
        }
        int tolerance = tolerance(seconds(config, HEARTBEAT_INTERVAL, 5), seconds(config, MAX_NO_HEARTBEAT, 60));
        config.addSplitBrainProtectionConfig(SplitBrainProtectionConfig
                .newRecentlyActiveSplitBrainProtectionConfigBuilder(QUORUM, quorum, tolerance).build()
                .setProtectOn(SplitBrainProtectionOn.READ_WRITE).setEnabled(true));
        for (String map : List.of(mapName, HazelcastSessionStore.expiryClaimsMapName(mapName))) {
            MapConfig mapConfig = config.getMapConfig(map);
            if (mapConfig.getSplitBrainProtectionName() == null) {
                mapConfig.setSplitBrainProtectionName(QUORUM);
            }
        }
    }

    /**
     * The {@link PauseWatch} for an instance: a standstill as long as the split-brain protection's tolerance closes the
     * store for the failure detection's period (max-no-heartbeat). A client has no member to be removed, but its hybrid
     * copies missed what happened meanwhile: the same limits, from the client's defaults (heartbeat timeout 5 s).
     */
    public static PauseWatch pauseWatch(HazelcastInstance hazelcast, Topology topology, String name) {
        long toleranceMillis = 2_500;
        long closedMillis = 5_000;
        if (topology == Topology.EMBEDDED) {
            Config config = hazelcast.getConfig();
            long interval = seconds(config, HEARTBEAT_INTERVAL, 5);
            long maxNoHeartbeat = seconds(config, MAX_NO_HEARTBEAT, 60);
            toleranceMillis = tolerance(interval, maxNoHeartbeat);
            closedMillis = maxNoHeartbeat * 1_000;
        }
        return PauseWatch.started(toleranceMillis, closedMillis, name);
    }

    /** The recently-active split-brain protection's tolerance (ms): two heartbeats, at least half of max-no-heartbeat. */
    private static int tolerance(long heartbeatIntervalSeconds, long maxNoHeartbeatSeconds) {
        return (int) Math.max(2_000 * heartbeatIntervalSeconds, maxNoHeartbeatSeconds * 1_000 / 2);
    }

    private static long seconds(Config config, String property, long hazelcastDefault) {
        String value = config.getProperty(property);
        if (value == null) {
            value = System.getProperty(property);
        }
        try {
            return value == null ? hazelcastDefault : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a number of seconds, was '" + value + "'", e);
        }
    }

    private static Config loadMember(String file) {
        try {
            return Config.loadFromFile(Path.of(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read hazelcastConfig " + file, e);
        }
    }

    private static ClientConfig loadClient(String file) {
        try {
            String lower = file.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                return new YamlClientConfigBuilder(file).build();
            }
            return new XmlClientConfigBuilder(file).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read hazelcastConfig " + file, e);
        }
    }
}
