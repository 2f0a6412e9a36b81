package io.unstick.lab.compare.faults;

/** SIGKILL one node, as a machine dying: it gets no chance to hand anything over, and stays down. */
final class KillFault implements Fault {

    @Override
    public void inject(FaultContext context) {
        context.stack().kill(context.victim());
        context.event(context.victim() + " killed (SIGKILL)");
    }
}
