package io.unstick.balancer.node;

/** What health checking observed; implemented by the metrics. */
public interface HealthEvents {

    /** One active probe's outcome. */
    void probed(Node node, NodeHealth.Probe result);

    /** A node went UP or DOWN. */
    void transition(Node node, boolean up, NodeHealth.Cause cause);

    /** A connection failure to the node while forwarding (whether or not it took the node down). */
    void passiveFailure(Node node);

    HealthEvents NONE = new HealthEvents() {
        @Override
        public void probed(Node node, NodeHealth.Probe result) {
        }

        @Override
        public void transition(Node node, boolean up, NodeHealth.Cause cause) {
        }

        @Override
        public void passiveFailure(Node node) {
        }
    };
}
