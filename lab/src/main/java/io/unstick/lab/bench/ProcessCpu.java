package io.unstick.lab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time (user + system) a process has used so far, from {@code /proc/<pid>/stat}. */
public final class ProcessCpu {

    /** USER_HZ: the unit of utime and stime; 100 on every Linux the lab runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** The process and all its descendants. */
    public static double seconds(long rootPid) {
        ProcessHandle root = ProcessHandle.of(rootPid)
                .orElseThrow(() -> new IllegalStateException("process " + rootPid + " is not running"));
        return Stream.concat(Stream.of(root), root.descendants()).mapToLong(p -> ticks(p.pid())).sum() / TICKS_PER_SECOND;
    }

    /** The process alone, without its descendants (the lab's own JVM is the parent of every process it starts). */
    public static double ownSeconds(long pid) {
        return ticks(pid) / TICKS_PER_SECOND;
    }

    static long ticks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return 0; // exited between listing and reading
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e.getMessage(), e);
        }
        return parseTicks(stat);
    }

    /** utime + stime: fields 14 and 15, counted after the command name, which may contain spaces. */
    static long parseTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
