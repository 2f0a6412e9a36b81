package io.unstick.lab.compare.faults;

import io.unstick.lab.stack.ManagedProcess;
import io.unstick.lab.stack.Variant;

import java.util.List;

/**
 * A rolling restart, the way an upgrade is done: each node in turn is drained, stopped gracefully (SIGTERM),
 * started, enabled again, and, where the nodes hold the sessions between them, given time to rejoin before the next
 * one goes: with unstick's session store, until the cluster is safe again (a {@link SettleWait}:
 * {@link ClusterSafeWait}, every backup in sync); with Tomcat's Tribes cluster, which has no such signal, a fixed
 * wait ({@link ClusterSettle}). The Redis peers' sessions live in the redis-server, which the rolling restart leaves
 * alone, as an upgrade of the shop would.
 */
final class RollingFault implements Fault {

    private final SettleWait settle;

    RollingFault(SettleWait settle) {
        this.settle = settle;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        List<ManagedProcess> nodes = context.stack().nodes();
        for (ManagedProcess node : nodes) {
            String name = node.name();
            context.drain(name);
            context.stack().stop(name);
            context.event(name + " stopped (SIGTERM)");
            context.stack().start(name, context.startTimeout());
            context.balancer().enable(name);
            context.balancer().awaitState(name, "UP", context.startTimeout());
            context.event(name + " started and enabled");
            if (context.variant().store() == Variant.Store.HAZELCAST) {
                context.event(settle.await(context, name));
            } else if (context.variant().store().betweenNodes()) {
                context.event(ClusterSettle.await(name));
            }
        }
    }
}
