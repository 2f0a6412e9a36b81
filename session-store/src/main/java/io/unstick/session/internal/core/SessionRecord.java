package io.unstick.session.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A session as one store entry: metadata plus attributes as name → serialized bytes, each with its version.
 *
 * <p>Only the store's entry processors mutate a record, atomically on the member that owns its key (and the merge
 * after a split, {@link #merge}). The record holds no application classes, so a separate Hazelcast cluster needs
 * none of the web application's classes.
 *
 * <p><b>Versions</b> are hybrid logical clock stamps ({@link Hlc}): comparable across the two sides of a split
 * cluster, where a write counter is not. A removed attribute leaves a <b>tombstone</b> (its removal's stamp) for as
 * long as a copy from before the removal could still exist elsewhere (the session's lifetime), so a merge never
 * brings it back; an invalidated session stays in the store as a tombstone record ({@link #isInvalidated}) for the
 * same reason.
 */
public final class SessionRecord implements IdentifiedDataSerializable {

    /**
     * The stored format. Format 1 (unstick 0.1, before formats were numbered) began with the id; every later format
     * begins with {@link #FORMAT_MARKER}, which no format-1 record can begin with (its first int is the id's length,
     * at least -1), then this number. {@link #readData} reads every format; {@link #writeData} writes the latest.
     *
     * <pre>
     * format  written by       layout after the marker and number
     * 1       0.1 (unmarked)   id, creationTime, lastAccessedTime, maxInactiveSeconds, authType, principal, version,
     *                          lastChangedBy, lastChangeKind, attributes (name, version, bytes), holders
     * 2       0.1.0+           id, creationTime, lastAccessedTime, maxInactiveSeconds, authType, principal, version,
     *                          metadataVersion, invalidated, lastChangedBy, lastChangeKind,
     *                          attributes (name, version, writer, bytes), removals (name, version, writer), holders
     * </pre>
     * Versions of format 1 were write counters; every stamp written since is larger, so they read as older writes.
     */
    public static final int FORMAT = 2;
    static final int FORMAT_MARKER = 0xF0_55_4E_53; // negative: never the length of a format-1 id
    /** Marks a rename's tombstone, as its last writer: never a node's name. */
    private static final String RENAMED_TO = "(renamed to) ";
    /** How long the tombstone of a session that never expires outlives its invalidation. */
    static final long NEVER_EXPIRING_TOMBSTONE_MILLIS = 24 * 3600 * 1000L;

    /**
     * Who changed the record last, and how: content changes make the other holders drop their local copies; an
     * idle-clock refresh or a new holder changes nothing they keep.
     */
    public enum ChangeKind { CONTENT, TOUCH, HOLDER }

    /** The tombstone of a removed attribute: when (stamp) and by whom it was removed. */
    public record Removal(long version, String writer) {
    }

    /**
     * What a merge kept.
     *
     * @param record    the merged session
     * @param differing attributes (and {@code (metadata)}, {@code (invalidated)}) on which the two sides held
     *                  different values: the newer was kept, the other discarded
     */
    public record Merged(SessionRecord record, List<String> differing) {
    }

    private String id;
    private long creationTime;
    private long lastAccessedTime;
    private int maxInactiveSeconds;
    private String authType;
    private byte[] principal;
    private long version;
    private long metadataVersion;
    private boolean invalidated;
    private String lastChangedBy;
    private ChangeKind lastChangeKind = ChangeKind.CONTENT;
    private Map<String, StoredAttribute> attributes = new LinkedHashMap<>();
    private Map<String, Removal> removals = new LinkedHashMap<>();
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

    /** The newest stamp in the record (see {@link Hlc}). */
    public long version() {
        return version;
    }

    public String lastChangedBy() {
        return lastChangedBy;
    }

    public ChangeKind lastChangeKind() {
        return lastChangeKind;
    }

    /** The live attributes. */
    public Map<String, StoredAttribute> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /** The tombstones of removed attributes still kept. */
    public Map<String, Removal> removals() {
        return Collections.unmodifiableMap(removals);
    }

    /** True for the tombstone of an invalidated (or renamed) session: to every reader the session does not exist. */
    public boolean isInvalidated() {
        return invalidated;
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

    /** A copy under another id, its values as they are. */
    public SessionRecord withId(String newId) {
        SessionRecord copy = copy();
        copy.id = newId;
        copy.lastChangeKind = ChangeKind.CONTENT;
        return copy;
    }

    /**
     * A copy under another id whose stored values were re-sealed for it ({@code changeSessionId}: values are bound
     * to their store key). A value {@code reseal} refuses (null) is left out; so is the login with its type.
     */
    public SessionRecord withId(String newId, Reseal reseal) {
        SessionRecord copy = withId(newId);
        copy.principal = principal == null ? null : reseal.apply(StoredNames.PRINCIPAL, principal);
        if (principal != null && copy.principal == null) {
            copy.authType = null;
        }
        copy.attributes = new LinkedHashMap<>();
        attributes.forEach((name, stored) -> {
            byte[] bytes = reseal.apply(name, stored.bytes());
            if (bytes != null) {
                copy.attributes.put(name, new StoredAttribute(bytes, stored.version(), stored.writer()));
            }
        });
        return copy;
    }

    private SessionRecord copy() {
        SessionRecord copy = new SessionRecord(id, creationTime);
        copy.lastAccessedTime = lastAccessedTime;
        copy.maxInactiveSeconds = maxInactiveSeconds;
        copy.authType = authType;
        copy.principal = principal;
        copy.version = version;
        copy.metadataVersion = metadataVersion;
        copy.invalidated = invalidated;
        copy.lastChangedBy = lastChangedBy;
        copy.lastChangeKind = lastChangeKind;
        copy.attributes = new LinkedHashMap<>(attributes);
        copy.removals = new LinkedHashMap<>(removals);
        copy.holders = new LinkedHashSet<>(holders);
        return copy;
    }

    /** Turns a value sealed for one store key into the same value sealed for another; null refuses it. */
    @FunctionalInterface
    public interface Reseal {
        byte[] apply(String storedName, byte[] sealed);
    }

    public void touch(long accessedAt, String node) {
        lastAccessedTime = Math.max(lastAccessedTime, accessedAt);
        lastChangedBy = node;
        lastChangeKind = ChangeKind.TOUCH;
    }

    /**
     * Turns the record into the tombstone of an invalidated session, at {@code millis} by {@code node}: its content
     * goes, the fact that it ended stays (for {@link #tombstoneTtlMillis}), so no copy from before can bring it back.
     */
    public void invalidate(long millis, String node) {
        end(millis, node);
        forgetContent();
    }

    /**
     * Turns the record into the tombstone of a session that moved to the id {@code renamedTo}, at {@code millis}:
     * to every reader and in a merge it is a tombstone, but it keeps the content, sealed as it was, until the
     * rename either completes ({@link #forgetContent}) or fails ({@link #revive}). A rename is two writes on two
     * keys; without this, a rename whose first write applied but whose answer came too late would leave the
     * session under neither id.
     */
    public void retire(long millis, String renamedTo) {
        end(millis, RENAMED_TO + renamedTo);
    }

    /** True for the tombstone {@link #retire} left for the rename to {@code renamedTo}. */
    public boolean isRetiredFor(String renamedTo) {
        return invalidated && (RENAMED_TO + renamedTo).equals(lastChangedBy);
    }

    /**
     * The new id of the rename whose tombstone this is, or null for a live record or any other tombstone. A reader
     * that finds nothing under that id knows the rename did not complete (or not yet).
     */
    public String renamedTo() {
        return isRetired() ? lastChangedBy.substring(RENAMED_TO.length()) : null;
    }

    /**
     * The session as the rename to {@code renamedTo} took it, from the tombstone that take left: a live copy, or null
     * when this is not that tombstone. Hazelcast may run a write twice (it retries an invocation whose answer it did
     * not get), and the second run of a take must answer what the first one took, not "no session".
     */
    public SessionRecord takenFor(String renamedTo) {
        if (!isRetiredFor(renamedTo)) {
            return null;
        }
        SessionRecord copy = copy();
        copy.invalidated = false;
        return copy;
    }

    private boolean isRetired() {
        return invalidated && lastChangedBy != null && lastChangedBy.startsWith(RENAMED_TO);
    }

    private void end(long millis, String by) {
        version = Hlc.next(millis, version);
        invalidated = true;
        lastChangedBy = by;
        lastChangeKind = ChangeKind.CONTENT;
    }

    /**
     * Undoes {@link #retire} for the rename to {@code renamedTo} that failed: the session is live again under this
     * id with its content, with a newer stamp. Anything else — a live record, an invalidated one, a tombstone left
     * by another rename — is left alone.
     *
     * @return true when the session was revived
     */
    public boolean revive(long millis, String renamedTo) {
        if (!isRetiredFor(renamedTo)) {
            return false;
        }
        version = Hlc.next(millis, version);
        invalidated = false;
        lastChangeKind = ChangeKind.CONTENT;
        return true;
    }

    /** Drops a tombstone's content (a completed rename's, or an invalidation's); the fact that it ended stays. */
    public void forgetContent() {
        attributes.clear();
        removals.clear();
        authType = null;
        principal = null;
    }

    /**
     * How long a tombstone of this session is kept: as long as the session itself could have lived, so that any copy
     * from before its end has expired by then; a day for a session that never expires.
     */
    public long tombstoneTtlMillis() {
        long ttl = IdlePolicy.ttlMillis(maxInactiveSeconds);
        return ttl > 0 ? ttl : NEVER_EXPIRING_TOMBSTONE_MILLIS;
    }

    /**
     * Applies a delta, all or nothing. <b>No stale overwrite:</b> every attribute the delta changes or removes must
     * still have the version the writer's copy read ({@link SessionDelta#baseVersion}); if another write came
     * between, nothing is applied and the names are returned: a request based on an older version never replaces a
     * newer value (a request whose client gave up cannot bring back a removed line or add an item twice).
     *
     * @return the attributes that changed since the writer read them; empty when the delta was applied
     */
    public List<String> apply(SessionDelta delta) {
        List<String> stale = new ArrayList<>();
        for (String name : delta.changed().keySet()) {
            if (liveVersion(name) != delta.baseVersion(name)) {
                stale.add(name);
            }
        }
        for (String name : delta.removed()) {
            if (liveVersion(name) != delta.baseVersion(name)) {
                stale.add(name);
            }
        }
        if (!stale.isEmpty()) {
            return stale;
        }
        long stamp = Hlc.next(delta.lastAccessedTime(), version);
        for (Map.Entry<String, byte[]> changed : delta.changed().entrySet()) {
            attributes.put(changed.getKey(), new StoredAttribute(changed.getValue(), stamp, delta.writer()));
            removals.remove(changed.getKey());
        }
        for (String name : delta.removed()) {
            if (attributes.remove(name) != null) {
                removals.put(name, new Removal(stamp, delta.writer()));
            }
        }
        if (delta.metadata() != null) {
            maxInactiveSeconds = delta.metadata().maxInactiveSeconds();
            authType = delta.metadata().authType();
            principal = delta.metadata().principal();
            metadataVersion = stamp;
        }
        lastAccessedTime = Math.max(lastAccessedTime, delta.lastAccessedTime());
        version = stamp;
        forgetOldRemovals(delta.lastAccessedTime());
        if (delta.writerKeepsCopy()) {
            holders.add(delta.writer());
        }
        lastChangedBy = delta.writer();
        lastChangeKind = ChangeKind.CONTENT;
        return List.of();
    }

    /**
     * A commit as the store runs it on the entry of {@code delta}'s session: on a missing or invalidated entry nothing
     * happens (unless the delta creates the session and the entry is missing), a stale delta changes nothing.
     *
     * @param current the stored record, or null
     * @return the record to store (null: leave the entry as it is) and the answer to the writer
     */
    public static Commit commit(SessionRecord current, SessionDelta delta) {
        return commit(delta.sessionId(), current, delta);
    }

    /** As {@link #commit(SessionRecord, SessionDelta)}, on the entry of {@code sessionId} (a compact delta has none). */
    public static Commit commit(String sessionId, SessionRecord current, SessionDelta delta) {
        SessionRecord record = current;
        if (record == null || record.invalidated) {
            if (record != null || !delta.create()) {
                return new Commit(null, CommitResult.missing());
            }
            record = new SessionRecord(sessionId, delta.creationTime());
        }
        List<String> stale = record.apply(delta);
        return stale.isEmpty() ? new Commit(record, CommitResult.applied(record.version()))
                : new Commit(null, CommitResult.stale(stale));
    }

    /** @param store the record to store, or null to leave the entry alone */
    public record Commit(SessionRecord store, CommitResult result) {
    }

    /** A removal older than the session's lifetime can meet no copy from before it any more. */
    private void forgetOldRemovals(long now) {
        long lifetime = IdlePolicy.ttlMillis(maxInactiveSeconds);
        if (lifetime > 0 && !removals.isEmpty()) {
            removals.values().removeIf(removal -> Hlc.millis(removal.version()) < now - lifetime);
        }
    }

    /** The version of a live attribute, or {@link SessionDelta#ABSENT}; a tombstone is no value to be based on. */
    private long liveVersion(String name) {
        StoredAttribute stored = attributes.get(name);
        return stored == null ? SessionDelta.ABSENT : stored.version();
    }

    /**
     * Merges the two copies of a session that the sides of a split cluster kept, after the heal. Nothing
     * acknowledged is lost, and nothing removed comes back:
     * <ul>
     *   <li>an invalidated session stays invalidated (either side's tombstone wins over a live copy), except a
     *       rename's tombstone against a newer live copy: that rename failed and was undone after the tombstone
     *       was copied, so the session stays live;</li>
     *   <li>each attribute keeps its newest write, a value or a removal, by stamp (then writer);</li>
     *   <li>the metadata (idle limit, login) comes from the side that changed it last;</li>
     *   <li>the later last access wins, so the later expiry deadline; nodes holding a copy on either side keep
     *       hearing of changes.</li>
     * </ul>
     * Either side may be null (the key existed on one side only): the other is kept as it is.
     */
    public static Merged merge(SessionRecord merging, SessionRecord existing) {
        if (merging == null || existing == null) {
            return new Merged(merging == null ? existing : merging, List.of());
        }
        if (merging.invalidated || existing.invalidated) {
            SessionRecord tombstone = existing.invalidated ? existing : merging;
            SessionRecord other = tombstone == existing ? merging : existing;
            if (!other.invalidated && tombstone.isRetired() && other.version > tombstone.version) {
                // The rename failed and was undone on the other side (its revival, or a write after it); the
                // tombstone is a copy from before the undo. A rename moves a session, it does not end it.
                return new Merged(other, List.of("(rename undone)"));
            }
            boolean differing = !(merging.invalidated && existing.invalidated);
            return new Merged(tombstone, differing ? List.of("(invalidated)") : List.of());
        }
        SessionRecord merged = existing.copy();
        List<String> differing = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (SessionRecord side : List.of(merging, existing)) {
            names.addAll(side.attributes.keySet());
            names.addAll(side.removals.keySet());
        }
        long newest = Math.max(merging.version, existing.version);
        for (String name : names) {
            Write theirs = Write.of(merging, name);
            Write ours = Write.of(existing, name);
            if (theirs.sameAs(ours)) {
                continue;
            }
            differing.add(name);
            Write winner = theirs.newerThan(ours) ? theirs : ours;
            if (theirs.version == ours.version) {
                // Equal stamps, different writers: restamp, so that no copy based on either passes as current.
                newest++;
                winner = winner.restamped(newest);
            }
            winner.applyTo(merged, name);
        }
        if (merging.metadataVersion != existing.metadataVersion
                && Hlc.newer(merging.metadataVersion, null, existing.metadataVersion, null)) {
            merged.maxInactiveSeconds = merging.maxInactiveSeconds;
            merged.authType = merging.authType;
            merged.principal = merging.principal;
            merged.metadataVersion = merging.metadataVersion;
            differing.add("(metadata)");
        }
        merged.creationTime = Math.min(merging.creationTime, existing.creationTime);
        merged.lastAccessedTime = Math.max(merging.lastAccessedTime, existing.lastAccessedTime);
        merged.version = newest;
        merged.holders.addAll(merging.holders);
        merged.lastChangedBy = "(merge)";
        merged.lastChangeKind = ChangeKind.CONTENT;
        return new Merged(merged, differing);
    }

    /** One side's last write of an attribute: a value, a removal, or none. */
    private record Write(StoredAttribute value, Removal removal, long version, String writer) {

        static final Write NONE = new Write(null, null, SessionDelta.ABSENT, null);

        static Write of(SessionRecord record, String name) {
            StoredAttribute value = record.attributes.get(name);
            if (value != null) {
                return new Write(value, null, value.version(), value.writer());
            }
            Removal removal = record.removals.get(name);
            return removal == null ? NONE : new Write(null, removal, removal.version(), removal.writer());
        }

        boolean sameAs(Write other) {
            return version == other.version && java.util.Objects.equals(writer, other.writer)
                    && (value == null) == (other.value == null);
        }

        boolean newerThan(Write other) {
            return Hlc.newer(version, writer, other.version, other.writer);
        }

        Write restamped(long stamp) {
            return new Write(value == null ? null : new StoredAttribute(value.bytes(), stamp, value.writer()),
                    removal == null ? null : new Removal(stamp, removal.writer()), stamp, writer);
        }

        void applyTo(SessionRecord record, String name) {
            if (value != null) {
                record.attributes.put(name, value);
                record.removals.remove(name);
            } else {
                record.attributes.remove(name);
                if (removal != null) {
                    record.removals.put(name, removal);
                }
            }
        }
    }

    @Override
    public int getFactoryId() {
        return WireTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireTypes.SESSION_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(FORMAT_MARKER);
        out.writeByte(FORMAT);
        out.writeString(id);
        writeTimesAndMetadata(out);
        out.writeBoolean(invalidated);
        out.writeString(lastChangedBy);
        out.writeByte(lastChangeKind.ordinal());
        out.writeInt(attributes.size());
        for (Map.Entry<String, StoredAttribute> e : attributes.entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(e.getValue().version());
            out.writeString(e.getValue().writer());
            out.writeByteArray(e.getValue().bytes());
        }
        out.writeInt(removals.size());
        for (Map.Entry<String, Removal> e : removals.entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(e.getValue().version());
            out.writeString(e.getValue().writer());
        }
        out.writeInt(holders.size());
        for (String holder : holders) {
            out.writeString(holder);
        }
    }

    private void writeTimesAndMetadata(ObjectDataOutput out) throws IOException {
        out.writeLong(creationTime);
        out.writeLong(lastAccessedTime);
        out.writeInt(maxInactiveSeconds);
        out.writeString(authType);
        out.writeByteArray(principal);
        out.writeLong(version);
        out.writeLong(metadataVersion);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int first = in.readInt();
        int format = 1;
        if (first == FORMAT_MARKER) {
            format = in.readByte();
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
        if (format >= 2) {
            metadataVersion = in.readLong();
            invalidated = in.readBoolean();
        }
        lastChangedBy = in.readString();
        lastChangeKind = ChangeKind.values()[in.readByte()];
        int size = in.readInt();
        attributes = new LinkedHashMap<>(Math.max(4, size * 2));
        for (int i = 0; i < size; i++) {
            String name = in.readString();
            long attributeVersion = in.readLong();
            String writer = format >= 2 ? in.readString() : null;
            attributes.put(name, new StoredAttribute(in.readByteArray(), attributeVersion, writer));
        }
        removals = new LinkedHashMap<>();
        if (format >= 2) {
            int removed = in.readInt();
            for (int i = 0; i < removed; i++) {
                removals.put(in.readString(), new Removal(in.readLong(), in.readString()));
            }
        }
        int holderCount = in.readInt();
        holders = new LinkedHashSet<>(Math.max(4, holderCount * 2));
        for (int i = 0; i < holderCount; i++) {
            holders.add(in.readString());
        }
    }

    /**
     * A reader's copy (see {@link RecordChanges}): the live state without the values {@code omitted} names, and
     * without what only the owner uses (each value's writer, removals, holders, the last changer).
     */
    SessionRecord readerCopyWithout(Set<String> omitted) {
        SessionRecord copy = copy();
        copy.attributes.keySet().removeAll(omitted);
        copy.removals.clear();
        copy.holders.clear();
        copy.lastChangedBy = null;
        return copy;
    }

    /** Writes a reader's copy ({@link #readerCopyWithout}); the reader knows the id, it asked for it. */
    void writeReaderCopy(ObjectDataOutput out) throws IOException {
        writeTimesAndMetadata(out);
        out.writeInt(attributes.size());
        for (Map.Entry<String, StoredAttribute> e : attributes.entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(e.getValue().version());
            out.writeByteArray(e.getValue().bytes());
        }
    }

    static SessionRecord readReaderCopy(ObjectDataInput in) throws IOException {
        SessionRecord copy = new SessionRecord(null, in.readLong());
        copy.lastAccessedTime = in.readLong();
        copy.maxInactiveSeconds = in.readInt();
        copy.authType = in.readString();
        copy.principal = in.readByteArray();
        copy.version = in.readLong();
        copy.metadataVersion = in.readLong();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            String name = in.readString();
            long attributeVersion = in.readLong();
            copy.attributes.put(name, new StoredAttribute(in.readByteArray(), attributeVersion));
        }
        return copy;
    }

    /**
     * The reader's copy as {@link #writeReaderCopy} has it, in variable length: the last access as time since the
     * creation, counts and lengths in a byte or two, no length for an absent login. Version stamps stay eight bytes
     * (hybrid logical clock values, which a variable length would make longer).
     */
    void writeCompactReaderCopy(ObjectDataOutput out) throws IOException {
        CompactData.writeVarLong(out, creationTime);
        CompactData.writeVarLong(out, lastAccessedTime - creationTime);
        CompactData.writeVarLong(out, maxInactiveSeconds);
        CompactData.writeString(out, authType);
        CompactData.writeBytes(out, principal);
        out.writeLong(version);
        out.writeLong(metadataVersion);
        CompactData.writeSize(out, attributes.size());
        for (Map.Entry<String, StoredAttribute> e : attributes.entrySet()) {
            CompactData.writeString(out, e.getKey());
            out.writeLong(e.getValue().version());
            CompactData.writeBytes(out, e.getValue().bytes());
        }
    }

    static SessionRecord readCompactReaderCopy(ObjectDataInput in) throws IOException {
        long created = CompactData.readVarLong(in);
        SessionRecord copy = new SessionRecord(null, created);
        copy.lastAccessedTime = created + CompactData.readVarLong(in);
        copy.maxInactiveSeconds = CompactData.readTimeoutSeconds(in);
        copy.authType = CompactData.readString(in);
        copy.principal = CompactData.readBytes(in);
        copy.version = in.readLong();
        copy.metadataVersion = in.readLong();
        for (int i = CompactData.readSize(in); i > 0; i--) {
            String name = CompactData.readString(in);
            long attributeVersion = in.readLong();
            byte[] value = CompactData.readBytes(in);
            if (name == null || value == null) {
                throw new IOException("An attribute without a name or a value is not one a node writes");
            }
            copy.attributes.put(name, new StoredAttribute(value, attributeVersion));
        }
        return copy;
    }

    /** Completes a reader's copy under its key with the values the reader remembered and the owner left out. */
    SessionRecord completeReaderCopy(String key, Map<String, StoredAttribute> remembered) {
        id = key;
        attributes.putAll(remembered);
        return this;
    }

    /** The rest of a string written by Hazelcast's {@code writeString}: {@code length} UTF-8 bytes, or null at -1. */
    private static String readFormat1Id(ObjectDataInput in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SessionRecord[id=" + id + ", version=" + version + (invalidated ? ", invalidated" : "")
                + ", attributes=" + attributes.keySet() + ", removed=" + removals.keySet() + "]";
    }
}
