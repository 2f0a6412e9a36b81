package io.unstick.session.internal.core;

import io.unstick.session.internal.core.EnumValues;

/** How concurrent requests of one session on several nodes are reconciled. */
public enum Concurrency {
    /** Per-attribute merge; concurrent writes to the same attribute are detected, counted and logged. */
    MERGE,
    /** Requests of one session run one at a time cluster-wide, behind a lock with a bounded wait. */
    LOCK;

    public static Concurrency parse(String value) {
        return EnumValues.parse(Concurrency.class, "concurrency", value);
    }
}
