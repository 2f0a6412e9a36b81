package io.unstick.session.internal.codec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoreKeysTest {

    private static final StoreSecret SECRET = StoreSecret.of("the first secret, thirty-two chars or more", "test");
    private static final StoreSecret NEXT = StoreSecret.of("the second secret, also long enough to use", "test");
    private static final String ID = "2F6C4A9D1E0B7C35A8F2D6E41B9C7A03";

    @Test
    void aKeyIsAStableKeyedHashThatRevealsNothingOfTheId() {
        StoreKeys keys = new StoreKeys(SECRET, null, "map");

        String key = keys.of(ID);

        assertThat(key).matches("[A-Za-z0-9_-]{22}").isEqualTo(new StoreKeys(SECRET, null, "map").of(ID));
        assertThat(key).doesNotContain(ID.substring(0, 6)).isNotEqualTo(keys.of(ID.replace('2', '3')));
    }

    @Test
    void anotherSecretOrMapGivesAnotherKey() {
        String key = new StoreKeys(SECRET, null, "map").of(ID);

        assertThat(new StoreKeys(NEXT, null, "map").of(ID)).isNotEqualTo(key);
        assertThat(new StoreKeys(SECRET, null, "other-map").of(ID)).isNotEqualTo(key);
    }

    @Test
    void duringARotationThePreviousKeyIsTheOneThePreviousSecretGave() {
        StoreKeys rotated = new StoreKeys(NEXT, SECRET, "map");

        assertThat(rotated.hasPrevious()).isTrue();
        assertThat(rotated.previous(ID)).isEqualTo(new StoreKeys(SECRET, null, "map").of(ID));
        assertThat(rotated.of(ID)).isEqualTo(new StoreKeys(NEXT, null, "map").of(ID));
        assertThat(new StoreKeys(SECRET, null, "map").previous(ID)).isNull();
    }
}
