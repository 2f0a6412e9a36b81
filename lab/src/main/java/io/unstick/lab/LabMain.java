package io.unstick.lab;

import io.unstick.lab.cmd.BenchCommand;
import io.unstick.lab.cmd.CompareCommand;
import io.unstick.lab.cmd.NodeCommands;
import io.unstick.lab.cmd.StatusCommand;
import io.unstick.lab.cmd.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code ./unstick}: runs the unstick stack on this machine and compares its modes.
 *
 * <pre>
 * ./unstick up --mode sticky --nodes 3
 * ./unstick kill node2
 * </pre>
 */
@Command(name = "unstick", mixinStandardHelpOptions = true, versionProvider = LabMain.Version.class,
        scope = CommandLine.ScopeType.INHERIT, // every subcommand answers --help too
        description = "Sticky sessions or shared sessions? Run the shop both ways, break it, and measure.",
        subcommands = {UpCommand.class, CompareCommand.class, BenchCommand.class, StatusCommand.class,
                NodeCommands.Kill.class, NodeCommands.Stop.class, NodeCommands.Start.class,
                CommandLine.HelpCommand.class})
public final class LabMain implements Runnable {

    @Option(names = "--home", hidden = true, defaultValue = "${env:UNSTICK_HOME:-.}",
            description = "The unstick checkout (set by the ./unstick script).")
    private Path home;

    @Option(names = "--runs-dir", hidden = true, description = "Where runs keep logs and reports (default: <home>/runs).")
    private Path runsDir;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public Path home() {
        return home.toAbsolutePath().normalize();
    }

    /** Where runs keep their logs and reports, and where the running stack's pointer file lives. */
    public Path runsDir() {
        return runsDir != null ? runsDir.toAbsolutePath().normalize() : home().resolve("runs");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code -V}: the version the jar was built as (its manifest), the same one every jar and process reports. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LabMain.class.getPackage().getImplementationVersion();
            return new String[] {"unstick " + (version == null ? "(development build, not from a jar)" : version)};
        }
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LabMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Expected failures (a busy port, a missing jar, no running stack) are one clear line, no trace.
            boolean expected = e instanceof IllegalStateException || e instanceof IllegalArgumentException
                    || e instanceof java.io.UncheckedIOException;
            commandLine.getErr().println("unstick: " + e.getMessage());
            if (!expected) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
