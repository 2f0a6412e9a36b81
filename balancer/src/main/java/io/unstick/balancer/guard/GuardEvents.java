package io.unstick.balancer.guard;

/** What the guards observed; implemented by the metrics. */
public interface GuardEvents {

    /** A request was refused or cut off for {@code fault} (an abort is reported as {@link ClientFault#ABORTED}). */
    void clientFault(ClientFault fault);

    GuardEvents NONE = fault -> {
    };
}
