package io.unstick.lab.compare.faults;

/** Something done to a running stack while the shoppers shop. Blocks until the fault's last action is done. */
@FunctionalInterface
public interface Fault {

    void inject(FaultContext context) throws InterruptedException;

    static Fault of(FaultKind kind) {
        return switch (kind) {
            case KILL -> new KillFault();
            case RESTART -> new RestartFault();
            case ROLLING -> new RollingFault();
            case DRAIN -> new DrainFault();
            case NONE -> context -> { };
        };
    }
}
