package io.unstick.session.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A session as one store entry: metadata plus attributes as name → serialized bytes.
 *
 * <p>Only the store's entry processors mutate a record, atomically on the member that owns its key. The record
 * holds no application classes, so a separate Hazelcast cluster needs none of the web application's classes.
 */
public final class SessionRecord implements DataSerializable {

    /**
     * The stored format. Format 1 (unstick 0.1, before formats were numbered) began with the id; every later format
     * begins with {@link #FORMAT_MARKER}, which no format-1 record can begin with (its first int is the id's length,
     * at least -1), then this number. {@link #readData} reads every format; {@link #writeData} writes the latest.
     *
     * <pre>
     * format  written by       layout after the marker and number
     * 1       0.1 (unmarked)   id, creationTime, lastAccessedTime, maxInactiveSeconds, authType, principal, version,
     *                          lastChangedBy, lastChangeKind, attributes (name, version, bytes), holders
     * 2       0.1.0+           as format 1
     * </pre>
     */
    public static final int FORMAT = 2;
    static final int FORMAT_MARKER = 0xF0_55_4E_53; // negative: never the length of a format-1 id


    /**
     * Who changed the record last, and how: content changes make the other holders drop their local copies; an
     * idle-clock refresh or a new holder changes nothing they keep.
     */
    public enum ChangeKind { CONTENT, TOUCH, HOLDER }

    private String id;
    private long creationTime;
    private long lastAccessedTime;
    private int maxInactiveSeconds;
    private String authType;
    private byte[] principal;
    private long version;
    private String lastChangedBy;
    private ChangeKind lastChangeKind = ChangeKind.CONTENT;
    private Map<String, StoredAttribute> attributes = new LinkedHashMap<>();
    /** Nodes that keep a local copy (hybrid): only they hear about content changes. */
    private Set<String> holders = new LinkedHashSet<>();

    /** For Hazelcast deserialization only. */
    public SessionRecord() {
    }

    public SessionRecord(String id, long creationTime) {
        this.id = id;
        this.creationTime = creationTime;
        this.lastAccessedTime = creationTime;
    }

    public String id() {
        return id;
    }

    public long creationTime() {
        return creationTime;
    }

    public long lastAccessedTime() {
        return lastAccessedTime;
    }

    public int maxInactiveSeconds() {
        return maxInactiveSeconds;
    }

    public String authType() {
        return authType;
    }

    public byte[] principal() {
        return principal;
    }

    public long version() {
        return version;
    }

    public String lastChangedBy() {
        return lastChangedBy;
    }

    public ChangeKind lastChangeKind() {
        return lastChangeKind;
    }

    public Map<String, StoredAttribute> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public boolean isHeldBy(String node) {
        return holders.contains(node);
    }

    /**
     * Records that {@code node} keeps a local copy from now on.
     *
     * @return false when it already did (the record is unchanged)
     */
    public boolean addHolder(String node) {
        if (!holders.add(node)) {
            return false;
        }
        lastChangedBy = node;
        lastChangeKind = ChangeKind.HOLDER;
        return true;
    }

    /** A copy under another id, for {@code changeSessionId}. */
    public SessionRecord withId(String newId) {
        SessionRecord copy = new SessionRecord(newId, creationTime);
        copy.lastAccessedTime = lastAccessedTime;
        copy.maxInactiveSeconds = maxInactiveSeconds;
        copy.authType = authType;
        copy.principal = principal;
        copy.version = version;
        copy.lastChangedBy = lastChangedBy;
        copy.lastChangeKind = ChangeKind.CONTENT;
        copy.attributes = new LinkedHashMap<>(attributes);
        copy.holders = new LinkedHashSet<>(holders);
        return copy;
    }

    public void touch(long accessedAt, String node) {
        lastAccessedTime = Math.max(lastAccessedTime, accessedAt);
        lastChangedBy = node;
        lastChangeKind = ChangeKind.TOUCH;
    }

    /**
     * Applies a delta and returns the names whose stored version differed from the version the writer had read:
     * concurrent writes to the same attribute. The delta wins (last writer wins); the caller decides what to do
     * with the conflicts.
     */
    public java.util.List<String> apply(SessionDelta delta) {
        java.util.List<String> conflicts = new java.util.ArrayList<>();
        long newVersion = version + 1;
        for (Map.Entry<String, byte[]> changed : delta.changed().entrySet()) {
            String name = changed.getKey();
            if (storedVersion(name) != delta.baseVersion(name)) {
                conflicts.add(name);
            }
            attributes.put(name, new StoredAttribute(changed.getValue(), newVersion));
        }
        for (String name : delta.removed()) {
            if (storedVersion(name) != delta.baseVersion(name)) {
                conflicts.add(name);
            }
            attributes.remove(name);
        }
        if (delta.metadata() != null) {
            maxInactiveSeconds = delta.metadata().maxInactiveSeconds();
            authType = delta.metadata().authType();
            principal = delta.metadata().principal();
        }
        lastAccessedTime = Math.max(lastAccessedTime, delta.lastAccessedTime());
        version = newVersion;
        if (delta.writerKeepsCopy()) {
            holders.add(delta.writer());
        }
        lastChangedBy = delta.writer();
        lastChangeKind = ChangeKind.CONTENT;
        return conflicts;
    }

    private long storedVersion(String name) {
        StoredAttribute stored = attributes.get(name);
        return stored == null ? SessionDelta.ABSENT : stored.version();
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(FORMAT_MARKER);
        out.writeByte(FORMAT);
        out.writeString(id);
        out.writeLong(creationTime);
        out.writeLong(lastAccessedTime);
        out.writeInt(maxInactiveSeconds);
        out.writeString(authType);
        out.writeByteArray(principal);
        out.writeLong(version);
        out.writeString(lastChangedBy);
        out.writeByte(lastChangeKind.ordinal());
        out.writeInt(attributes.size());
        for (Map.Entry<String, StoredAttribute> e : attributes.entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(e.getValue().version());
            out.writeByteArray(e.getValue().bytes());
        }
        out.writeInt(holders.size());
        for (String holder : holders) {
            out.writeString(holder);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int first = in.readInt();
        if (first == FORMAT_MARKER) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("Session record format " + format + " is not one this node reads (1 to " + FORMAT
                        + "): is a newer unstick session store writing to this cluster?");
            }
            id = in.readString();
        } else {
            id = readFormat1Id(in, first); // format 1: the id's length came first
        }
        creationTime = in.readLong();
        lastAccessedTime = in.readLong();
        maxInactiveSeconds = in.readInt();
        authType = in.readString();
        principal = in.readByteArray();
        version = in.readLong();
        lastChangedBy = in.readString();
        lastChangeKind = ChangeKind.values()[in.readByte()];
        int size = in.readInt();
        attributes = new LinkedHashMap<>(Math.max(4, size * 2));
        for (int i = 0; i < size; i++) {
            String name = in.readString();
            long attributeVersion = in.readLong();
            attributes.put(name, new StoredAttribute(in.readByteArray(), attributeVersion));
        }
        int holderCount = in.readInt();
        holders = new LinkedHashSet<>(Math.max(4, holderCount * 2));
        for (int i = 0; i < holderCount; i++) {
            holders.add(in.readString());
        }
    }

    /** The rest of a string written by Hazelcast's {@code writeString}: {@code length} UTF-8 bytes, or null at -1. */
    private static String readFormat1Id(ObjectDataInput in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SessionRecord[id=" + id + ", version=" + version + ", attributes=" + attributes.keySet() + "]";
    }
}
