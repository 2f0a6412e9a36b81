package io.unstick.lab.cmd;

import io.unstick.lab.LabMain;
import io.unstick.lab.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code ./unstick kill|stop|start NODE}: act on one node of the running stack. */
public final class NodeCommands {

    private NodeCommands() {
    }

    abstract static class NodeAction implements Callable<Integer> {

        @ParentCommand
        private LabMain lab;

        @Parameters(index = "0", paramLabel = "NODE", description = "A node of the running stack, e.g. node2.")
        private String node;

        private final String action;

        NodeAction(String action) {
            this.action = action;
        }

        @Override
        public Integer call() {
            System.out.print(ControlClient.connect(lab.runsDir()).act(node, action).render());
            return 0;
        }
    }

    @Command(name = "kill", description = "SIGKILL a node, as when its machine dies.")
    public static final class Kill extends NodeAction {
        public Kill() {
            super("kill");
        }
    }

    @Command(name = "stop", description = "Stop a node gracefully (SIGTERM).")
    public static final class Stop extends NodeAction {
        public Stop() {
            super("stop");
        }
    }

    @Command(name = "start", description = "Start a stopped or killed node again and wait until it is healthy.")
    public static final class Start extends NodeAction {
        public Start() {
            super("start");
        }
    }
}
