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
        id = in.readString();
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

    @Override
    public String toString() {
        return "SessionRecord[id=" + id + ", version=" + version + ", attributes=" + attributes.keySet() + "]";
    }
}
