package io.unstick.lab.compare.faults;

import io.unstick.lab.stack.ManagedProcess;

import java.util.List;

/**
 * A rolling restart, the way an upgrade is done: each node in turn is drained, stopped gracefully (SIGTERM),
 * started, enabled again, and, where the nodes hold the sessions between them (Hazelcast members, Tomcat's Tribes
 * cluster), given time to rejoin the cluster before the next one goes (see {@link ClusterSettle}). The Redis peers'
 * sessions live in the redis-server, which the rolling restart leaves alone, as an upgrade of the shop would.
 */
final class RollingFault implements Fault {

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
            if (context.variant().store().betweenNodes()) {
                context.event(ClusterSettle.await(name));
            }
        }
    }
}
