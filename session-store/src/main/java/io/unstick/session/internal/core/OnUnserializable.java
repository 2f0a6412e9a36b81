package io.unstick.session.internal.core;

import io.unstick.session.internal.core.EnumValues;

/** What {@code setAttribute} does with a value that cannot be serialized. */
public enum OnUnserializable {
    /** Throw IllegalArgumentException naming the attribute and its class. */
    FAIL,
    /** Log a warning and keep the value in this node's memory only. */
    WARN;

    public static OnUnserializable parse(String value) {
        return EnumValues.parse(OnUnserializable.class, "onUnserializable", value);
    }
}
