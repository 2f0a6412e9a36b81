package io.unstick.shop;

/**
 * UNSTICK_SESSION_MANAGER=delta: two sticky nodes with Tomcat's DeltaManager in a Tribes cluster in the engine,
 * static membership on loopback (never multicast).
 */
class DeltaManagerIT extends PeerSessionManagerScenario {

    private final TribesNodes nodes = new TribesNodes("delta");

    @Override
    ShopConfig node(int index) {
        return nodes.node(index);
    }

    @Override
    String manager() {
        return "DeltaManager";
    }

    @Override
    boolean keepsChangesMadeWithANewId() {
        return false;
    }
}
