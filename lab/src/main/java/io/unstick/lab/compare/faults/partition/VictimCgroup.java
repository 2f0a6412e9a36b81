package io.unstick.lab.compare.faults.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cgroup v2 of its own for the victim node, named {@code unstick-lab-<pid>-<start>-<node>} after the lab
 * process that made it. The node is started in it — a shell writes its own pid into {@code cgroup.procs}, then
 * execs java — so every socket the node ever opens belongs to it (a socket keeps the cgroup it was created in;
 * moving a running process would leave its open connections behind). No controller is enabled: the cgroup only
 * names the process.
 */
final class VictimCgroup {

    static final String PREFIX = "unstick-lab-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)-.+");

    private final Path directory;
    private final String hierarchyPath;

    private VictimCgroup(Path directory, String hierarchyPath) {
        this.directory = directory;
        this.hierarchyPath = hierarchyPath;
    }

    static VictimCgroup create(CgroupRoot root, Owner owner, String node) {
        String name = PREFIX + owner.pid() + "-" + owner.startMillis() + "-" + node;
        Path directory = root.directory(name);
        try {
            Files.createDirectory(directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the cgroup " + directory + " for " + node + ": " + e, e);
        }
        return new VictimCgroup(directory, root.hierarchyPath(name));
    }

    /** The owner a cgroup directory's name says made it, if it is one of ours. */
    static java.util.Optional<Owner> ownerOf(String directoryName) {
        Matcher matcher = NAME.matcher(directoryName);
        return matcher.matches()
                ? java.util.Optional.of(new Owner(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))))
                : java.util.Optional.empty();
    }

    /** Where the rules find it: its path in the cgroup v2 hierarchy. */
    String hierarchyPath() {
        return hierarchyPath;
    }

    /** {@code /bin/sh -c 'echo $$ > .../cgroup.procs && exec "$@"' ... COMMAND}: the same pid, in the cgroup. */
    List<String> launch(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                directory.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Removes the cgroup once no process is left in it.
     *
     * @return whether it is gone (false while the node still runs)
     */
    boolean remove() {
        return remove(directory);
    }

    static boolean remove(Path directory) {
        try {
            Files.deleteIfExists(directory);
            return true;
        } catch (IOException e) {
            return false; // EBUSY: a process is still in it
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
