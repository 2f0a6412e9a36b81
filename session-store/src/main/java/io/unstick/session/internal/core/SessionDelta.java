package io.unstick.session.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one request changed in a session: changed and removed attributes, each with the version the request
 * started from (to detect concurrent writes), and the metadata if it changed. A delta that creates the session
 * carries every attribute.
 */
public final class SessionDelta implements DataSerializable {

    /** Version of an attribute the writer did not see in the store. */
    public static final long ABSENT = 0L;

    private static final int CREATES = 1;
    private static final int KEPT_BY_WRITER = 2;
    private static final int HAS_METADATA = 4;

    private String sessionId;
    private boolean create;
    private long creationTime;
    private long lastAccessedTime;
    private long ttlMillis;
    private String writer;
    private boolean writerKeepsCopy;
    private Map<String, byte[]> changed = new LinkedHashMap<>();
    private Set<String> removed = new LinkedHashSet<>();
    private Map<String, Long> baseVersions = new HashMap<>();
    private SessionMetadata metadata;

    /** For Hazelcast deserialization only. */
    public SessionDelta() {
    }

    private SessionDelta(String sessionId, boolean create, long creationTime, String writer) {
        this.sessionId = sessionId;
        this.create = create;
        this.creationTime = creationTime;
        this.writer = writer;
    }

    /** A delta for a session the store does not hold yet. */
    public static SessionDelta creating(String sessionId, long creationTime, String writer) {
        return new SessionDelta(sessionId, true, creationTime, writer);
    }

    /** A delta for a stored session; applying it to a missing entry does nothing (the session is gone). */
    public static SessionDelta updating(String sessionId, String writer) {
        return new SessionDelta(sessionId, false, 0L, writer);
    }

    /** The writer keeps its copy after the request (hybrid): it becomes a holder that hears of others' changes. */
    public SessionDelta keptByWriter() {
        this.writerKeepsCopy = true;
        return this;
    }

    public SessionDelta change(String name, byte[] bytes, long baseVersion) {
        changed.put(name, bytes);
        removed.remove(name);
        baseVersions.put(name, baseVersion);
        return this;
    }

    public SessionDelta remove(String name, long baseVersion) {
        changed.remove(name);
        removed.add(name);
        baseVersions.put(name, baseVersion);
        return this;
    }

    public SessionDelta metadata(SessionMetadata newMetadata) {
        this.metadata = newMetadata;
        return this;
    }

    public SessionDelta accessedAt(long time, long newTtlMillis) {
        this.lastAccessedTime = time;
        this.ttlMillis = newTtlMillis;
        return this;
    }

    /** The session's id; null in a delta read with {@link #readCompact}, whose entry's key carries it. */
    public String sessionId() {
        return sessionId;
    }

    public boolean create() {
        return create;
    }

    public long creationTime() {
        return creationTime;
    }

    public long lastAccessedTime() {
        return lastAccessedTime;
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    public String writer() {
        return writer;
    }

    public boolean writerKeepsCopy() {
        return writerKeepsCopy;
    }

    public Map<String, byte[]> changed() {
        return changed;
    }

    public Set<String> removed() {
        return removed;
    }

    public SessionMetadata metadata() {
        return metadata;
    }

    public long baseVersion(String name) {
        return baseVersions.getOrDefault(name, ABSENT);
    }

    /** True when there is nothing to write but the access time. */
    public boolean isEmpty() {
        return !create && changed.isEmpty() && removed.isEmpty() && metadata == null;
    }

    /** Serialized attribute bytes this delta carries: the figure behind the bytes-written metric. */
    public long attributeBytes() {
        long total = 0;
        for (byte[] bytes : changed.values()) {
            total += bytes.length;
        }
        return total;
    }

    /**
     * Writes this delta for {@link #readCompact}: without the session id (the entry it is applied to carries it),
     * each name once with its base version, sizes and times in variable length. About 80 bytes less than
     * {@link #writeData} for a one-attribute write, on every copy sent: to the owner and to the backup.
     */
    public void writeCompact(ObjectDataOutput out) throws IOException {
        out.writeByte((create ? CREATES : 0) | (writerKeepsCopy ? KEPT_BY_WRITER : 0)
                | (metadata != null ? HAS_METADATA : 0));
        if (create) {
            CompactData.writeVarLong(out, creationTime);
        }
        CompactData.writeVarLong(out, lastAccessedTime);
        CompactData.writeVarLong(out, ttlMillis);
        CompactData.writeString(out, writer);
        CompactData.writeSize(out, changed.size());
        for (Map.Entry<String, byte[]> e : changed.entrySet()) {
            CompactData.writeString(out, e.getKey());
            out.writeLong(baseVersion(e.getKey()));
            CompactData.writeBytes(out, e.getValue());
        }
        CompactData.writeSize(out, removed.size());
        for (String name : removed) {
            CompactData.writeString(out, name);
            out.writeLong(baseVersion(name));
        }
        if (metadata != null) {
            CompactData.writeVarLong(out, metadata.maxInactiveSeconds());
            CompactData.writeString(out, metadata.authType());
            CompactData.writeBytes(out, metadata.principal());
        }
    }

    /** Reads what {@link #writeCompact} wrote; the delta has no {@link #sessionId}. */
    public static SessionDelta readCompact(ObjectDataInput in) throws IOException {
        int flags = in.readUnsignedByte();
        boolean creates = (flags & CREATES) != 0;
        SessionDelta delta = new SessionDelta(null, creates, creates ? CompactData.readVarLong(in) : 0L, null);
        delta.lastAccessedTime = CompactData.readVarLong(in);
        delta.ttlMillis = CompactData.readVarLong(in);
        delta.writer = CompactData.readString(in);
        delta.writerKeepsCopy = (flags & KEPT_BY_WRITER) != 0;
        for (int i = CompactData.readSize(in); i > 0; i--) {
            String name = CompactData.readString(in);
            long baseVersion = in.readLong();
            byte[] value = CompactData.readBytes(in);
            if (name == null || value == null) {
                throw new IOException("A changed attribute without a name or a value is not one a node writes");
            }
            delta.change(name, value, baseVersion);
        }
        for (int i = CompactData.readSize(in); i > 0; i--) {
            String name = CompactData.readString(in);
            if (name == null) {
                throw new IOException("A removed attribute without a name is not one a node writes");
            }
            delta.remove(name, in.readLong());
        }
        if ((flags & HAS_METADATA) != 0) {
            delta.metadata = new SessionMetadata(CompactData.readTimeoutSeconds(in), CompactData.readString(in),
                    CompactData.readBytes(in));
        }
        return delta;
    }

    /** The layout of {@link WireTypes#APPLY_DELTA}, which nodes before {@link #writeCompact} send. */
    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(sessionId);
        out.writeBoolean(create);
        out.writeLong(creationTime);
        out.writeLong(lastAccessedTime);
        out.writeLong(ttlMillis);
        out.writeString(writer);
        out.writeBoolean(writerKeepsCopy);
        out.writeInt(changed.size());
        for (Map.Entry<String, byte[]> e : changed.entrySet()) {
            out.writeString(e.getKey());
            out.writeByteArray(e.getValue());
        }
        out.writeInt(removed.size());
        for (String name : removed) {
            out.writeString(name);
        }
        out.writeInt(baseVersions.size());
        for (Map.Entry<String, Long> e : baseVersions.entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeBoolean(metadata != null);
        if (metadata != null) {
            out.writeInt(metadata.maxInactiveSeconds());
            out.writeString(metadata.authType());
            out.writeByteArray(metadata.principal());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        sessionId = in.readString();
        create = in.readBoolean();
        creationTime = in.readLong();
        lastAccessedTime = in.readLong();
        ttlMillis = in.readLong();
        writer = in.readString();
        writerKeepsCopy = in.readBoolean();
        int changedCount = in.readInt();
        changed = new LinkedHashMap<>();
        for (int i = 0; i < changedCount; i++) {
            changed.put(in.readString(), in.readByteArray());
        }
        int removedCount = in.readInt();
        removed = new LinkedHashSet<>();
        for (int i = 0; i < removedCount; i++) {
            removed.add(in.readString());
        }
        int versionCount = in.readInt();
        baseVersions = new HashMap<>();
        for (int i = 0; i < versionCount; i++) {
            baseVersions.put(in.readString(), in.readLong());
        }
        metadata = in.readBoolean() ? new SessionMetadata(in.readInt(), in.readString(), in.readByteArray()) : null;
    }
}
