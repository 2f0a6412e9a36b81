package io.unstick.balancer.forward;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlinesTest {

    private static final long TIMEOUT = 1_000;

    /** A clock moved by hand and the timers set on it, fired when it passes them. */
    private static final class FakeTimer implements Deadlines.Timer {
        long now;
        final List<long[]> times = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
            times.add(new long[] {now + delayNanos});
            tasks.add(task);
        }

        /** Moves the clock to {@code time}, firing every timer due on the way, each at its own time. */
        void advanceTo(long time) {
            for (;;) {
                int next = -1;
                for (int i = 0; i < times.size(); i++) {
                    if (times.get(i)[0] <= time && (next < 0 || times.get(i)[0] < times.get(next)[0])) {
                        next = i;
                    }
                }
                if (next < 0) {
                    now = time;
                    return;
                }
                now = Math.max(now, times.remove(next)[0]);
                tasks.remove(next).run();
            }
        }
    }

    private final FakeTimer timer = new FakeTimer();
    private final Deadlines deadlines = new Deadlines(timer, TIMEOUT);
    private final List<String> expired = new ArrayList<>();

    private Deadlines.Entry entry(String name) {
        return new Deadlines.Entry() {
            @Override
            void expired() {
                expired.add(name + "@" + timer.now);
            }
        };
    }

    @Test
    void eachEntryExpiresAtItsOwnDeadlineInOrderUnlessRemoved() {
        Deadlines.Entry a = entry("a");
        Deadlines.Entry b = entry("b");
        Deadlines.Entry c = entry("c");
        Deadlines.Entry d = entry("d");
        deadlines.add(a);
        timer.advanceTo(100);
        deadlines.add(b);
        timer.advanceTo(300);
        deadlines.add(c);
        deadlines.add(d);
        deadlines.remove(a); // finished: the timer set for it must be set again for b
        deadlines.remove(c);
        timer.advanceTo(5_000);
        assertThat(expired).containsExactly("b@1100", "d@1300");
    }

    @Test
    void oneTimerAtATimeWhateverTheNumberOfEntries() {
        for (int i = 0; i < 1000; i++) {
            Deadlines.Entry e = entry("e" + i);
            deadlines.add(e);
            deadlines.remove(e);
        }
        assertThat(timer.tasks).hasSize(1);
        timer.advanceTo(TIMEOUT);
        assertThat(timer.tasks).as("nothing left to wait for").isEmpty();
        deadlines.add(entry("late"));
        timer.advanceTo(3 * TIMEOUT);
        assertThat(expired).containsExactly("late@2000");
    }

    @Test
    void removingTwiceOrAnEntryNotWaitingChangesNothing() {
        Deadlines.Entry a = entry("a");
        Deadlines.Entry b = entry("b");
        deadlines.remove(a);
        deadlines.add(a);
        deadlines.add(b);
        deadlines.remove(a);
        deadlines.remove(a);
        timer.advanceTo(TIMEOUT);
        assertThat(expired).containsExactly("b@1000");
    }

    @Test
    void anEntryWhoseExpiryThrowsDoesNotStopTheLaterOnes() {
        deadlines.add(new Deadlines.Entry() {
            @Override
            void expired() {
                throw new IllegalStateException("boom");
            }
        });
        timer.advanceTo(10);
        deadlines.add(entry("after"));
        assertThatThrownBy(() -> timer.advanceTo(TIMEOUT)).hasMessage("boom");
        timer.advanceTo(2 * TIMEOUT);
        assertThat(expired).containsExactly("after@1010");
    }
}
