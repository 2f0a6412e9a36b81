package io.unstick.shop.idempotency;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedChangesTest {

    @Test
    void remembersWhatWasMadeUnderItsKey() {
        AppliedChanges changes = new AppliedChanges();
        changes.record("k1", new AppliedChanges.Applied("f1", null));
        changes.record("k2", new AppliedChanges.Applied("f2", "order-7"));
        assertThat(changes.find("k1")).contains(new AppliedChanges.Applied("f1", null));
        assertThat(changes.find("k2")).contains(new AppliedChanges.Applied("f2", "order-7"));
        assertThat(changes.find("k3")).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestKeysInTheOrderTheyCame() {
        AppliedChanges changes = new AppliedChanges();
        int made = AppliedChanges.CAPACITY + 8;
        for (int i = 0; i < made; i++) {
            changes.record("k" + i, new AppliedChanges.Applied("f" + i, null));
        }
        assertThat(changes.size()).isEqualTo(AppliedChanges.CAPACITY);
        for (int i = 0; i < made; i++) {
            assertThat(changes.find("k" + i).isPresent()).as("k%d", i).isEqualTo(i >= made - AppliedChanges.CAPACITY);
        }
    }

    @Test
    void travelsWithTheSessionAsJavaSerialization() throws Exception {
        AppliedChanges changes = new AppliedChanges();
        changes.record("k1", new AppliedChanges.Applied("f1", "order-1"));
        byte[] bytes = serialized(changes);
        AppliedChanges copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            copy = (AppliedChanges) in.readObject();
        }
        assertThat(copy.find("k1")).contains(new AppliedChanges.Applied("f1", "order-1"));
    }

    /** Full, with the longest keys and a checkout's order id each: still a few KiB in the session, however many come. */
    @Test
    void staysSmallWhenFull() throws Exception {
        AppliedChanges changes = new AppliedChanges();
        String fingerprint = Idempotency.of("k", "POST", "/api/checkout", "").fingerprint();
        for (int i = 0; i < 1_000; i++) {
            String key = String.format("%064d", i);
            changes.record(key, new AppliedChanges.Applied(fingerprint, java.util.UUID.randomUUID().toString()));
        }
        assertThat(serialized(changes).length).isLessThan(6 * 1_024);
    }

    private static byte[] serialized(AppliedChanges changes) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(changes);
        }
        return bytes.toByteArray();
    }
}
