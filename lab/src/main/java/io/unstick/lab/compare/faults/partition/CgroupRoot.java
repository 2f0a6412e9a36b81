package io.unstick.lab.compare.faults.partition;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the cgroup v2 hierarchy is mounted ({@code /sys/fs/cgroup} on a pure v2 system, {@code /sys/fs/cgroup/unified}
 * on a hybrid one), read from {@code /proc/self/mountinfo}.
 *
 * @param mountPoint where its directories are
 * @param root       which directory of the hierarchy is mounted there ({@code /} unless in a container)
 */
record CgroupRoot(Path mountPoint, String root) {

    static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /**
     * The first cgroup2 mount in mountinfo lines such as
     * {@code 35 24 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw}: the fields after {@code " - "} are the
     * file system type and source, the fourth and fifth before it the mounted root and the mount point.
     */
    static Optional<CgroupRoot> find(List<String> mountinfo) {
        for (String line : mountinfo) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] after = line.substring(separator + 3).split(" ");
            String[] before = line.substring(0, separator).split(" ");
            if (after.length > 0 && after[0].equals("cgroup2") && before.length >= 5) {
                return Optional.of(new CgroupRoot(Path.of(unescape(before[4])), unescape(before[3])));
            }
        }
        return Optional.empty();
    }

    /** The directory of a cgroup directly under the mounted root. */
    Path directory(String name) {
        return mountPoint.resolve(name);
    }

    /** The same cgroup as a path in the hierarchy, as iptables' {@code -m cgroup --path} takes it. */
    String hierarchyPath(String name) {
        return (root.endsWith("/") ? root : root + "/") + name;
    }

    /** mountinfo writes a space as {@code \040}, a tab as {@code \011}, a backslash as {@code \134}. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
