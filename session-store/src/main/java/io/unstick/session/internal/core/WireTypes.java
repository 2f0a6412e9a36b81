package io.unstick.session.internal.core;

/**
 * Numbers that name the store's most sent classes on the wire (Hazelcast's {@code IdentifiedDataSerializable}):
 * each object then starts with two ints instead of its class name (46 to 48 bytes for a record or a write), and a
 * member creates it without looking its class up by name. The numbers are part of the stored format: never reuse
 * or renumber one. A record or write sent by an older node (class name) is still read.
 */
public final class WireTypes {

    /** unstick's factory: "UNST". */
    public static final int FACTORY_ID = 0x554E5354;
    public static final int SESSION_RECORD = 1;
    public static final int COMMIT_RESULT = 2;
    /** A write in {@link SessionDelta#writeData}'s layout: read, never sent since {@link #APPLY_COMPACT_DELTA}. */
    public static final int APPLY_DELTA = 3;
    public static final int HOLD_SESSION = 4;
    public static final int TOUCH_SESSION = 5;
    public static final int CONTENT_CHANGED_BY_OTHER_NODE = 6;
    /** A versioned read that an older node sent: answered with {@link #RECORD_CHANGES}. */
    public static final int READ_CHANGES = 7;
    /** The answer to {@link #READ_CHANGES}: read, never sent since {@link #RECORD_COMPACT_CHANGES}, but to older nodes. */
    public static final int RECORD_CHANGES = 8;
    /** A write in {@link SessionDelta#writeCompact}'s layout. */
    public static final int APPLY_COMPACT_DELTA = 9;
    /** A versioned read that wants its answer as {@link #RECORD_COMPACT_CHANGES}. */
    public static final int READ_COMPACT_CHANGES = 10;
    /** The answer to {@link #READ_COMPACT_CHANGES}, in {@link RecordChanges}'s compact layout. */
    public static final int RECORD_COMPACT_CHANGES = 11;

    private WireTypes() {
    }
}
