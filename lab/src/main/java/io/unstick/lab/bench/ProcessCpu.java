package io.unstick.lab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time (user + system) a process has used so far, from {@code /proc/<pid>/stat}; and the part of it its JIT
 * compiler threads used, from each thread's {@code /proc/<pid>/task/<tid>/stat}.
 */
public final class ProcessCpu {

    /** USER_HZ: the unit of utime and stime; 100 on every Linux the lab runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** The process and all its descendants. */
    public static double seconds(long rootPid) {
        return tree(rootPid).mapToLong(p -> ticks(p.pid())).sum() / TICKS_PER_SECOND;
    }

    /**
     * What the HotSpot JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}) of the process
     * and its descendants have used; 0 for a process that is not a JVM (redis-server). A stack still compiling
     * spends its CPU on that instead of requests, so a window that includes much of it measures a cold stack.
     */
    public static double compilerSeconds(long rootPid) {
        return tree(rootPid).mapToLong(p -> compilerTicks(p.pid())).sum() / TICKS_PER_SECOND;
    }

    private static Stream<ProcessHandle> tree(long rootPid) {
        ProcessHandle root = ProcessHandle.of(rootPid)
                .orElseThrow(() -> new IllegalStateException("process " + rootPid + " is not running"));
        return Stream.concat(Stream.of(root), root.descendants());
    }

    /** The process alone, without its descendants (the lab's own JVM is the parent of every process it starts). */
    public static double ownSeconds(long pid) {
        return ticks(pid) / TICKS_PER_SECOND;
    }

    static long ticks(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat == null ? 0 : parseTicks(stat);
    }

    private static long compilerTicks(long pid) {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.map(thread -> read(thread.resolve("stat")))
                    .filter(stat -> stat != null && isCompilerThread(stat))
                    .mapToLong(ProcessCpu::parseTicks).sum();
        } catch (IOException | UncheckedIOException e) {
            if (!Files.exists(tasks)) {
                return 0; // the process exited between listing and reading
            }
            throw new IllegalStateException("cannot list " + tasks + ": " + e.getMessage(), e);
        }
    }

    /** A thread's stat names it in parentheses, cut to 15 characters: {@code (C2 CompilerThre)}. */
    static boolean isCompilerThread(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** The file's text, or null when its process or thread has exited meanwhile. */
    private static String read(Path stat) {
        try {
            return Files.readString(stat, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (!Files.exists(stat)) {
                return null; // opened, then it exited: the read fails with ESRCH
            }
            throw new IllegalStateException("cannot read " + stat + ": " + e.getMessage(), e);
        }
    }

    /** utime + stime: fields 14 and 15, counted after the command name, which may contain spaces. */
    static long parseTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
