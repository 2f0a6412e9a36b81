package io.unstick.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.List;
import java.util.Optional;

/**
 * Evaluates {@link RequiresTools} on the test class (before its {@code @BeforeAll} methods) and on each test
 * method. A condition rather than an assumption in {@code @BeforeAll}: Surefire reports a class that a condition
 * disables as skipped with the reason, but a class aborted in {@code @BeforeAll} not at all.
 */
final class RequiresToolsExtension implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresTools> needs = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresTools.class));
        if (needs.isEmpty()) {
            return ConditionEvaluationResult.enabled("no @RequiresTools here");
        }
        PeerTools machine = PeerTools.onThisMachine();
        Optional<String> missing = machine.missing(List.of(needs.get().value()), needs.get().root());
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("every tool it needs is installed");
        }
        machine.failIfRequired(missing.get());
        return ConditionEvaluationResult.disabled(PeerTools.skipMessage(missing.get()));
    }
}
