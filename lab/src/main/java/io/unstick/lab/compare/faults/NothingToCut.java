package io.unstick.lab.compare.faults;

import java.time.Duration;

/**
 * A partition in a mode without a cluster (sticky: each node keeps its sessions in memory, no member talks to
 * another): there is nothing to cut, so the run carries on through the same window as the other modes, for
 * contrast, and its events say so.
 */
final class NothingToCut implements Fault {

    private final Duration holdFor;

    NothingToCut(Duration holdFor) {
        this.holdFor = holdFor;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        context.event(context.variant().label() + " has no session store cluster: nothing to cut off, "
                + context.victim() + " keeps serving for " + holdFor.toSeconds() + " s");
        Thread.sleep(holdFor.toMillis());
        context.event("the partition window ended");
    }
}
