package io.unstick.session.it;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the threads Hazelcast's default asynchronous executor starts while an action runs (JFR thread-start events
 * with their stacks). Where the common ForkJoinPool has one thread (2 CPUs or fewer), that executor starts a thread
 * per task, so a future completed there costs a thread per store call. Only those threads count: a JVM-wide count also
 * catches other tests' threads.
 */
final class DefaultExecutorThreads {

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private DefaultExecutorThreads() {
    }

    static long startedDuring(Action action) throws Exception {
        Path file = Files.createTempFile("default-executor-threads", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ThreadStart").withStackTrace();
            recording.start();
            action.run();
            recording.stop();
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(event -> event.getEventType().getName().equals("jdk.ThreadStart"))
                    .filter(DefaultExecutorThreads::startedByHazelcastsDefaultExecutor)
                    .count();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean startedByHazelcastsDefaultExecutor(RecordedEvent start) {
        return start.getStackTrace() != null && start.getStackTrace().getFrames().stream()
                .anyMatch(frame -> frame.getMethod().getType().getName()
                        .equals("com.hazelcast.internal.util.ConcurrencyUtil"));
    }
}
