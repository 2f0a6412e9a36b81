package io.unstick.session.internal.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** A single real member on 127.0.0.1 for the store's own ITs: no multicast, no phone-home, the store's wire types. */
final class LoopbackMember {

    private LoopbackMember() {
    }

    static HazelcastInstance start(String clusterPrefix) {
        Config config = new Config().setClusterName(clusterPrefix + "-" + ProcessHandle.current().pid());
        config.setProperty("hazelcast.partition.count", "7");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(0).getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        WireTypeFactory.register(config.getSerializationConfig()); // as HazelcastConfigs does
        return Hazelcast.newHazelcastInstance(config);
    }
}
