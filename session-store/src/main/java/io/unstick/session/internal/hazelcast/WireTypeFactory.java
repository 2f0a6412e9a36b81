package io.unstick.session.internal.hazelcast;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.unstick.session.internal.core.CommitResult;
import io.unstick.session.internal.core.RecordChanges;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.WireTypes;

/**
 * Creates the classes {@link WireTypes} numbers. Every member and client of a store registers it
 * ({@link #register}); {@link HazelcastConfigs} does, whatever the configuration's source.
 */
public final class WireTypeFactory implements DataSerializableFactory {

    /** Registers the factory unless the configuration already has one under its id. */
    public static SerializationConfig register(SerializationConfig config) {
        config.getDataSerializableFactories().putIfAbsent(WireTypes.FACTORY_ID, new WireTypeFactory());
        return config;
    }

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case WireTypes.SESSION_RECORD -> new SessionRecord();
            case WireTypes.COMMIT_RESULT -> new CommitResult();
            case WireTypes.APPLY_DELTA -> ApplyDelta.inOlderLayout();
            case WireTypes.APPLY_COMPACT_DELTA -> new ApplyDelta();
            case WireTypes.HOLD_SESSION -> new HoldSession();
            case WireTypes.TOUCH_SESSION -> new TouchSession();
            case WireTypes.CONTENT_CHANGED_BY_OTHER_NODE -> new ContentChangedByOtherNode();
            case WireTypes.READ_CHANGES -> ReadChanges.fromOlderNode();
            case WireTypes.RECORD_CHANGES -> RecordChanges.inOlderLayout();
            case WireTypes.READ_COMPACT_CHANGES -> new ReadChanges();
            case WireTypes.RECORD_COMPACT_CHANGES -> new RecordChanges();
            default -> null; // Hazelcast reports an unknown type id with the factory's
        };
    }
}
