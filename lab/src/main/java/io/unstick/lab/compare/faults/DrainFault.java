package io.unstick.lab.compare.faults;

/** Scale-down done properly: drain one node, stop it (SIGTERM) once no client is bound to it, leave it down. */
final class DrainFault implements Fault {

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        String node = context.victim();
        context.drain(node);
        context.stack().stop(node);
        context.event(node + " stopped (SIGTERM)");
    }
}
