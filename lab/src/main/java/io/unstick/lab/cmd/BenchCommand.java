package io.unstick.lab.cmd;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./unstick bench <what>}: benchmarks that run unstick side by side with its peers on this machine and
 * report ratios (absolute numbers drift on shared machines; ratios within one run hold). Method and latest
 * figures: docs/BENCHMARKS.md.
 */
@Command(name = "bench", description = {
        "Benchmark unstick against its peers on this machine; results are ratios measured in one run.",
        "See docs/BENCHMARKS.md for the method and the latest figures."},
        subcommands = {BenchBalancerCommand.class, BenchSessionsCommand.class, BenchMicroCommand.class,
                CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
