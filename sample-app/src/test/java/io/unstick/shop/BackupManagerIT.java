package io.unstick.shop;

/**
 * UNSTICK_SESSION_MANAGER=backup: two sticky nodes with Tomcat's BackupManager (each session on its primary node and
 * one backup, acknowledged synchronously) in a Tribes cluster in the engine, static membership on loopback.
 */
class BackupManagerIT extends PeerSessionManagerScenario {

    private final TribesNodes nodes = new TribesNodes("backup");

    @Override
    ShopConfig node(int index) {
        return nodes.node(index);
    }

    @Override
    String manager() {
        return "BackupManager";
    }
}
