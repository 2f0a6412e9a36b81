package io.unstick.lab.compare.faults.partition;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab process that made a rule or a cgroup, written into its comment or name as {@code owner=<pid>@<start>}:
 * the start time tells a living owner from a new process that got the same pid after the owner died.
 *
 * @param pid         the owner's process id
 * @param startMillis when it started, epoch milliseconds (0 when the system does not say)
 */
record Owner(long pid, long startMillis) {

    private static final Pattern TAG = Pattern.compile("owner=(\\d+)@(\\d+)");

    static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(self.pid(), startMillis(self));
    }

    /** The owner named in a rule's comment, if it names one. */
    static Optional<Owner> find(String text) {
        Matcher matcher = TAG.matcher(text);
        return matcher.find()
                ? Optional.of(new Owner(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))))
                : Optional.empty();
    }

    String tag() {
        return "owner=" + pid + "@" + startMillis;
    }

    /** Whether the process that made the thing still runs (same pid, same start time). */
    boolean isAlive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(Owner::startMillis)
                .filter(start -> start == startMillis).isPresent();
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
