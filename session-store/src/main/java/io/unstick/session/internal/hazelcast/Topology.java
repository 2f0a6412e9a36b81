package io.unstick.session.internal.hazelcast;

import io.unstick.session.internal.core.EnumValues;

/** How a node reaches the session store. */
public enum Topology {
    /** The node runs a Hazelcast member itself; members are the nodes. */
    EMBEDDED,
    /** The node is a Hazelcast client of a separate cluster. */
    CLIENT;

    public static Topology parse(String value) {
        return EnumValues.parse(Topology.class, "topology", value);
    }
}
