package io.unstick.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated test class or method runs real peer programs: where one is missing (or root is needed and the
 * JVM is not root) it is reported SKIPPED with the reason, or FAILED when {@code -Dunstick.requireTools=true}
 * (as {@code .ci/run} sets it, after installing every tool).
 *
 * <pre>
 * &#64;RequiresTools({PeerTool.HAPROXY, PeerTool.NGINX, PeerTool.WRK, PeerTool.HEY})
 * class BenchBalancerSmokeIT { ... }
 *
 * &#64;Test
 * &#64;RequiresTools(value = PeerTool.IPTABLES, root = true)
 * void aCutMemberAnswers503() { ... }
 * </pre>
 *
 * <p>On a class the check runs once, before its {@code @BeforeAll} methods; on a method, before that test. Where
 * only some cases of a test need a tool, call {@link PeerTools#require} in the test instead (an assumption).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiresToolsExtension.class)
public @interface RequiresTools {

    /** The programs the test runs. */
    PeerTool[] value() default {};

    /** Whether the test also needs to run as root (e.g. to change firewall rules). */
    boolean root() default false;
}
