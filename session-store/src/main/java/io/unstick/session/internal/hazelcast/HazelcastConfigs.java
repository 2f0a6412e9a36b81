package io.unstick.session.internal.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.XmlClientConfigBuilder;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Builds member and client configurations. Whatever the source, multicast discovery stays off, members join by
 * TCP-IP on explicit addresses, and phone-home is disabled.
 */
public final class HazelcastConfigs {

    static final String PHONE_HOME = "hazelcast.phone.home.enabled";
    private static final System.Logger LOG = System.getLogger(HazelcastConfigs.class.getName());

    private HazelcastConfigs() {
    }

    public static Config member(HazelcastSettings settings, ClassLoader classLoader) {
        Config config;
        if (settings.configFile() != null) {
            config = loadMember(settings.configFile());
        } else {
            config = new Config();
            config.setClusterName(settings.clusterName());
            config.getNetworkConfig().setPort(settings.memberPort()).setPortAutoIncrement(false);
            JoinConfig join = config.getNetworkConfig().getJoin();
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
            if (settings.allMembersLoopback()) {
                // Otherwise the member advertises a non-loopback address its loopback peers never dialled.
                config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            }
            config.getMapConfig(settings.mapName()).setBackupCount(settings.backupCount());
            config.getMapConfig(HazelcastSessionStore.expiryClaimsMapName(settings.mapName()))
                    .setBackupCount(Math.max(1, settings.backupCount()));
        }
        JoinConfig join = config.getNetworkConfig().getJoin();
        if (join.getMulticastConfig().isEnabled()) {
            LOG.log(System.Logger.Level.WARNING, "Multicast discovery in " + settings.configFile()
                    + " is switched off: unstick members join by TCP-IP on explicit addresses only");
        }
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.setProperty(PHONE_HOME, "false");
        config.setInstanceName(settings.instanceName());
        config.setClassLoader(classLoader);
        MapConfig sessions = config.getMapConfig(settings.mapName());
        if (sessions.getEvictionConfig().getEvictionPolicy() != com.hazelcast.config.EvictionPolicy.NONE) {
            LOG.log(System.Logger.Level.WARNING, "Map " + settings.mapName()
                    + " has eviction configured: evicted sessions are lost without destroyed events");
        }
        return config;
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
        config.setInstanceName(settings.instanceName());
        config.setClassLoader(classLoader);
        return config;
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
