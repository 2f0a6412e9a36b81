package io.unstick.lab.compare.faults;

import java.util.List;

/**
 * Something done to a running stack while the shoppers shop. One instance serves one mode's run: it is made
 * before that stack starts and closed after the stack stopped (and on Ctrl-C before the stack stops).
 *
 * <pre>
 * try (Fault fault = faults.forRun(stackSpec, "node2");
 *      LocalStack stack = LocalStack.start(stackSpec, artifacts, timeout, fault::launch)) {
 *     fault.inject(context);   // blocks until the fault's last action is done
 * }
 * </pre>
 */
@FunctionalInterface
public interface Fault extends AutoCloseable {

    /** Does the fault; blocks until its last action is done, and leaves nothing undone that it undoes itself. */
    void inject(FaultContext context) throws InterruptedException;

    /**
     * The command that starts a node, wrapped if the fault needs the process set up before it runs (a partition
     * starts its victim in a cgroup of its own). Most faults return it unchanged.
     */
    default List<String> launch(String node, List<String> command) {
        return command;
    }

    /**
     * Undoes whatever the fault may still hold (a paused process, firewall rules, a cgroup). Called at the end of
     * the run, when it failed, and on Ctrl-C; safe to call more than once and from another thread.
     */
    @Override
    default void close() {
    }
}
