package io.unstick.balancer.node;

import io.unstick.balancer.config.BackendSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The current set of nodes. Readers get an immutable {@link Snapshot} with one volatile read; adding and
 * removing nodes (admin API, rare) replaces the snapshot under a lock, so the request path never locks.
 */
public final class NodeRegistry {

    /** Notified after a node joins or leaves, e.g. to register metrics or close its connection pool. */
    public interface Listener {
        void nodeAdded(Node node);

        void nodeRemoved(Node node);
    }

    /** An immutable view: the nodes in order of addition, by name and by opaque route id. */
    public record Snapshot(Node[] nodes, Map<String, Node> byName, Map<String, Node> byRouteId) {
    }

    private final Function<BackendSpec, Node> nodeFactory;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(new Node[0], Map.of(), Map.of());

    public NodeRegistry(Function<BackendSpec, Node> nodeFactory) {
        this.nodeFactory = nodeFactory;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Optional<Node> byName(String name) {
        return Optional.ofNullable(snapshot.byName().get(name));
    }

    /**
     * @throws IllegalStateException if a node with that name exists
     */
    public Node add(BackendSpec spec) {
        Node node;
        synchronized (this) {
            if (snapshot.byName().containsKey(spec.name())) {
                throw new IllegalStateException("node '" + spec.name() + "' already exists");
            }
            node = nodeFactory.apply(spec);
            List<Node> nodes = new ArrayList<>(List.of(snapshot.nodes()));
            nodes.add(node);
            snapshot = build(nodes);
        }
        listeners.forEach(l -> l.nodeAdded(node));
        return node;
    }

    /** Removes the node; returns it, or empty if there was none by that name. */
    public Optional<Node> remove(String name) {
        Node removed;
        synchronized (this) {
            removed = snapshot.byName().get(name);
            if (removed == null) {
                return Optional.empty();
            }
            List<Node> nodes = new ArrayList<>(List.of(snapshot.nodes()));
            nodes.remove(removed);
            snapshot = build(nodes);
        }
        listeners.forEach(l -> l.nodeRemoved(removed));
        return Optional.of(removed);
    }

    private static Snapshot build(List<Node> nodes) {
        Map<String, Node> byName = new HashMap<>();
        Map<String, Node> byRouteId = new HashMap<>();
        for (Node n : nodes) {
            byName.put(n.name(), n);
            byRouteId.put(n.routeId(), n);
        }
        return new Snapshot(nodes.toArray(new Node[0]), Map.copyOf(byName), Map.copyOf(byRouteId));
    }
}
