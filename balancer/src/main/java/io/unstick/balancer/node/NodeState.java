package io.unstick.balancer.node;

/**
 * What the admin API reports for a node. An operator's decision wins over health: a disabled node that is
 * also down shows DISABLED; a draining node that goes down shows DOWN, because its bound clients are then
 * being moved.
 */
public enum NodeState { UP, DOWN, DRAINING, DISABLED }
