package io.unstick.lab.compare.faults;

/** SIGKILL one node, start it again at once, and wait until the balancer routes to it again. */
final class RestartFault implements Fault {

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        String node = context.victim();
        context.stack().kill(node);
        context.event(node + " killed (SIGKILL)");
        context.stack().start(node, context.startTimeout());
        context.event(node + " started again (healthy)");
        context.balancer().awaitState(node, "UP", context.startTimeout());
        context.event(node + " back in the balancer");
    }
}
