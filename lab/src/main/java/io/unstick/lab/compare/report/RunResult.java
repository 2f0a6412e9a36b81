package io.unstick.lab.compare.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * One mode's run, as an element of {@code runs} in report.json. The first fields are the contract of issue 6 and
 * DESIGN.md; the rest add detail and the cross-check. Every number was measured; none is estimated.
 *
 * <pre>
 * {"mode":"sticky","fault":"kill","nodes":3,"shoppers":200,"durationS":60.4,"requests":11873,"errors":14,
 *  "lostCartItems":212,"resurrectedCartItems":0,"divergentAnswers":0,"sessionResets":61,"relogins":23,
 *  "throughputRps":196.3,"latencyMs":{"p50":3.1,"p95":9.8,"p99":21.0,"max":5001.2},"nodeShare":{"node1":0.41,"node2":0.17,"node3":0.42},
 *  "nodeShareCv":0.39,"recoverySeconds":4.2, ...}
 * </pre>
 *
 * @param mode            sticky, shared or hybrid
 * @param fault           kill, restart, rolling, drain, partition, freeze or none
 * @param nodes           shop nodes at the start
 * @param shoppers        virtual shoppers
 * @param durationS       seconds measured (after the warm-up; longer than asked when the fault needed it)
 * @param requests        requests sent by the shoppers while measuring
 * @param errors          of which failed: 4xx, 5xx, timeouts, connection failures (detail in {@code errorsByStatus})
 * @param lostCartItems   cart units a shopper had and the shop no longer showed (a cart that flips between two
 *                        copies counts at every flip)
 * @param resurrectedCartItems cart units that had gone (removed, set lower, checked out or lost) and came back
 *                        without the shopper adding them: the cart went back to an older state
 * @param divergentAnswers answers for the same session (same id and creation time) whose cart does not follow
 *                        from the answer before plus the shopper's acknowledged changes: two answers that cannot
 *                        both be right
 * @param sessionResets   sessions the shoppers found replaced by a new one (logins excluded)
 * @param relogins        logged-in shoppers the shop no longer knew, who logged in again
 * @param throughputRps   successful (2xx) answers per second
 * @param latencyMs       percentiles over every answered request; {@code max}: the longest wait, answered or not
 * @param nodeShare       share of answers per node ({@code X-Unstick-Node}), 0..1, every node listed
 * @param nodeShareCv     coefficient of variation of those shares (0 = perfectly even); a node down for half
 *                        the run weighs on it, see nodeShareCvBeforeFault
 * @param recoverySeconds seconds from the fault's first action to the last failed request, loss, reset or
 *                        re-login seen after it (0: none); {@code null} without a fault
 * @param errorsByStatus  failed requests by kind: the status ({@code 502}, {@code 503}, {@code 504}...),
 *                        {@code timeout} (no answer within the request timeout), {@code io} (refused, reset) or
 *                        {@code bad-body}
 * @param extraCartItems  units the shop showed beyond what the shopper had put in (should be 0)
 * @param visits          visits started (each a new cookie jar)
 * @param checkouts       orders placed
 * @param balancerSessionResets the balancer's {@code unstick_session_resets_total} over the same window; it also
 *                        counts the id change of each login, so compare with sessionResets + sessionIdChangesByLogin
 * @param sessionIdChangesByLogin logins that changed the session id, as the shoppers saw them
 * @param sessionsLostWithLoginAnswer sessions replaced right after a login that got no answer (no response, 500,
 *                        502, 504): the login renamed the session and the new id never reached the shopper, who was
 *                        left with the retired one. Counted here, not in sessionResets; a login answered 503 or 409
 *                        changed nothing and is not in this class
 * @param cartItemsLostWithLoginAnswer the cart units those sessions held, as the shopper knew them: out of reach
 *                        with the lost answer, not forgotten by the store, so not in lostCartItems
 * @param nodeShareCvBeforeFault the same over the answers before the fault, while every node was up: how evenly
 *                        the routing alone spread the load (the whole run without a fault)
 * @param faultAtS        seconds into the measurement when the fault began ({@code null} without a fault)
 * @param faultEndS       seconds into the measurement when its last action was done — the partition healed, the
 *                        node resumed or back — so {@code faultAtS..faultEndS} is the fault window ({@code null}
 *                        without a fault); a fault that failed ends when it gave up
 * @param faultEvents     what the fault did, when
 * @param faultError      why the fault could not be completed, else {@code null}
 * @param storeTimeoutMs  the session store's {@code storeTimeoutMs} as the nodes reported it (their management
 *                        {@code /health}): the longest a request waits for the store before its 503; {@code null}
 *                        without a store (sticky)
 * @param loadGeneratorCpu the load generator's CPU during the run: {@code {"mean":0.12,"max":0.3}}, share of all cores
 * @param timeline        one point per second
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunResult(String mode, String fault, int nodes, int shoppers, double durationS, long requests,
                        long errors, long lostCartItems, long resurrectedCartItems, long divergentAnswers,
                        long sessionResets, long relogins, double throughputRps,
                        LatencyMs latencyMs, Map<String, Double> nodeShare, double nodeShareCv, Double recoverySeconds,
                        Map<String, Long> errorsByStatus, long extraCartItems, long visits, long checkouts,
                        long balancerSessionResets, long sessionIdChangesByLogin, long sessionsLostWithLoginAnswer,
                        long cartItemsLostWithLoginAnswer, double nodeShareCvBeforeFault,
                        Double faultAtS, Double faultEndS,
                        List<FaultEvent> faultEvents, String faultError, Long storeTimeoutMs, Cpu loadGeneratorCpu,
                        List<TimelinePoint> timeline) {

    /** CPU share of all cores, 0..1. */
    public record Cpu(double mean, double max) {
    }
}
