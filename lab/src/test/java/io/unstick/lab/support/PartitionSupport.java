package io.unstick.lab.support;

import io.unstick.lab.compare.faults.partition.NetworkCuts;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.PeerTools;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a partition test needs: iptables and root (peer-tool rules, {@code @RequiresTools}: skipped with the reason,
 * failed under {@code -Dunstick.requireTools=true}), then whatever else {@code compare --fault partition} checks
 * itself (cgroup v2, rules that load), skipped or failed the same way. On a class, after {@code @RequiresTools}:
 *
 * <pre>
 * &#64;RequiresTools(value = PeerTool.IPTABLES, root = true)
 * &#64;ExtendWith(PartitionSupport.class)        // a condition: Surefire reports the class skipped, with the reason
 * class ComparePartitionIT { ... }
 * </pre>
 */
public final class PartitionSupport implements ExecutionCondition {

    /** Checks the class once (before its {@code @BeforeAll}); its methods follow the class. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("checked for the class");
        }
        try {
            NetworkCuts.prepare();
            return ConditionEvaluationResult.enabled("this machine can cut a node's member off");
        } catch (IllegalStateException e) {
            if (Boolean.getBoolean(PeerTools.REQUIRE_PROPERTY)) {
                throw new AssertionError("This test must run here (-D" + PeerTools.REQUIRE_PROPERTY + "=true), but "
                        + e.getMessage(), e);
            }
            return ConditionEvaluationResult.disabled("Skipped: " + e.getMessage());
        }
    }

    /** The same checks inside a test or a {@code @BeforeAll}: an assumption (or a failure when required). */
    public static NetworkCuts require() {
        PeerTools.require(PeerTool.IPTABLES);
        PeerTools.requireRoot();
        try {
            return NetworkCuts.prepare();
        } catch (IllegalStateException e) {
            if (Boolean.getBoolean(PeerTools.REQUIRE_PROPERTY)) {
                fail(e.getMessage(), e);
            }
            assumeTrue(false, e.getMessage());
            throw e;
        }
    }

    /**
     * Removes the rules, chains and cgroups of partitions whose lab process is gone — after a comparison this test
     * had to kill, before its own cleanup ran. What a living lab holds is left alone.
     *
     * @return one line per thing removed or left
     */
    public static List<String> removeLeftovers() {
        return NetworkCuts.removeLeftovers();
    }
}
