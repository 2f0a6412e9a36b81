package io.unstick.balancer.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything logged while it is open (every logger, Undertow's and XNIO's included, and whatever is printed to
 * stderr), for "client input never produces a stack trace" assertions.
 *
 * <pre>
 * try (LogCapture log = LogCapture.start()) {
 *     ... hostile requests ...
 *     assertThat(log.stackTraces()).isEmpty();
 * }
 * </pre>
 */
public final class LogCapture implements AutoCloseable {

    private static final int TOP_FRAMES = 12;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;

    private LogCapture() {
        events.start();
        root.addAppender(events);
        System.setErr(new PrintStream(new TeeStream(originalErr, stderr), true, StandardCharsets.UTF_8));
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Every event with a throwable attached, and every stderr line that looks like a stack frame, as text. */
    public synchronized List<String> stackTraces() {
        List<String> found = new ArrayList<>();
        for (ILoggingEvent event : events()) {
            if (event.getThrowableProxy() != null || event.getFormattedMessage().contains("\n\tat ")) {
                found.add(event.getLoggerName() + " " + event.getLevel() + ": " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " / " + where(event.getThrowableProxy())));
            }
        }
        String err = stderr.toString(StandardCharsets.UTF_8);
        err.lines().filter(l -> l.startsWith("\tat ") || l.contains("Exception")).forEach(l -> found.add("stderr: " + l));
        return found;
    }

    /** The throwable's class and its top frames, so that a failed assertion says where it was thrown. */
    private static String where(IThrowableProxy thrown) {
        StringBuilder text = new StringBuilder(thrown.getClassName());
        StackTraceElementProxy[] frames = thrown.getStackTraceElementProxyArray();
        for (int i = 0; i < Math.min(TOP_FRAMES, frames.length); i++) {
            text.append("\n\t").append(frames[i].getSTEAsString());
        }
        return text.toString();
    }

    /** The formatted messages logged so far by loggers whose name starts with {@code prefix}. */
    public List<String> messages(String prefix) {
        return events().stream().filter(e -> e.getLoggerName().startsWith(prefix))
                .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    /** A copy: the appender adds under its own lock (AppenderBase.doAppend is synchronized on it). */
    private List<ILoggingEvent> events() {
        synchronized (events) {
            return new ArrayList<>(events.list);
        }
    }

    @Override
    public void close() {
        root.detachAppender(events);
        System.setErr(originalErr);
    }

    /** Writes to stderr as before and keeps a copy. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
