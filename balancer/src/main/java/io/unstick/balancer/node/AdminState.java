package io.unstick.balancer.node;

/** What an operator asked for a node, independent of its health. */
public enum AdminState {
    /** takes new and bound clients */
    ACTIVE,
    /** takes only clients already bound to it, so it empties as their sessions end */
    DRAINING,
    /** takes nothing */
    DISABLED
}
