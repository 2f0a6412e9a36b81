package io.unstick.session.internal.hazelcast;

import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContentChangedByOtherNodeTest {

    private static final byte[] V1 = {1};

    @Test
    void onlyHoldersHearOfContentOtherNodesWrite() {
        SessionRecord record = new SessionRecord("s1", 1_000);
        record.apply(SessionDelta.creating("s1", 1_000, "n1").keptByWriter().change("a", V1, SessionDelta.ABSENT));
        assertThat(passes("n1", record)).as("its own write").isFalse();

        record.apply(SessionDelta.updating("s1", "n2").keptByWriter().change("a", V1, record.version()));
        assertThat(passes("n1", record)).as("a holder, another node wrote").isTrue();
        assertThat(passes("n3", record)).as("never held it").isFalse();

        record.addHolder("n3");
        assertThat(passes("n1", record)).as("a new holder is no content change").isFalse();
        record.touch(2_000, "n2");
        assertThat(passes("n1", record)).as("an idle-clock refresh").isFalse();
    }

    private static boolean passes(String node, SessionRecord record) {
        return new ContentChangedByOtherNode(node).apply(Map.entry("s1", record));
    }
}
