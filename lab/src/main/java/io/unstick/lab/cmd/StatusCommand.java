package io.unstick.lab.cmd;

import io.unstick.lab.LabMain;
import io.unstick.lab.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code ./unstick status}: the running stack's processes and their state. */
@Command(name = "status", description = "Show the processes of the running stack and whether they are healthy.")
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private LabMain lab;

    @Override
    public Integer call() {
        System.out.print(ControlClient.connect(lab.runsDir()).status().render());
        return 0;
    }
}
