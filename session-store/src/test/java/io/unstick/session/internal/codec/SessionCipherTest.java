package io.unstick.session.internal.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What opens and what is refused: every change to a sealed value, and every move of one, is refused. */
class SessionCipherTest {

    private static final StoreSecret SECRET = StoreSecret.of("the first secret, thirty-two chars or more", "test");
    private static final StoreSecret NEXT = StoreSecret.of("the second secret, also long enough to use", "test");
    private static final byte[] CART = "a serialized cart".getBytes(StandardCharsets.UTF_8);

    private final SessionCipher session = new StoreCipher(SECRET, null, "map").forSession("key-1");

    @Test
    void aSealedValueOpensToItselfAndHidesItsPlaintext() throws Exception {
        byte[] sealed = session.seal("cart", CART);

        assertThat(session.open("cart", sealed)).isEqualTo(CART);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("serialized cart");
        assertThat(sealed).hasSize(CART.length + SessionCipher.OVERHEAD);
    }

    @Test
    void twoSealingsOfOneValueDifferByTheirNonce() {
        assertThat(session.seal("cart", CART)).isNotEqualTo(session.seal("cart", CART));
    }

    @Test
    void anyAlteredByteIsRefused() {
        byte[] sealed = session.seal("cart", CART);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            int at = i;
            assertThatThrownBy(() -> session.open("cart", altered)).as("byte %d altered", at)
                    .isInstanceOf(RefusedValueException.class);
        }
    }

    @Test
    void aValueMovedToAnotherAttributeOrSessionOrMapIsRefused() {
        byte[] sealed = session.seal("cart", CART);

        assertThatThrownBy(() -> session.open("user", sealed)).hasMessageContaining("fails authentication");
        assertThatThrownBy(() -> new StoreCipher(SECRET, null, "map").forSession("key-2").open("cart", sealed))
                .hasMessageContaining("fails authentication");
        assertThatThrownBy(() -> new StoreCipher(SECRET, null, "other-map").forSession("key-1").open("cart", sealed))
                .isInstanceOf(RefusedValueException.class);
    }

    @Test
    void plainBytesAndTruncatedValuesAreRefusedWithoutDecrypting() {
        assertThatThrownBy(() -> session.open("cart", CART)).hasMessageContaining("not a sealed value");
        assertThatThrownBy(() -> session.open("cart", new byte[0])).hasMessageContaining("not a sealed value");
        assertThatThrownBy(() -> session.open("cart", null)).hasMessageContaining("not a sealed value");
    }

    @Test
    void aValueSealedUnderAnotherSecretIsRefusedSayingSo() {
        byte[] sealed = new StoreCipher(NEXT, null, "map").forSession("key-1").seal("cart", CART);

        assertThatThrownBy(() -> session.open("cart", sealed))
                .isInstanceOf(RefusedValueException.class)
                .hasMessage("Value 'cart' of session key-1 is refused: it was sealed under a secret this node does not"
                        + " hold (is storeSecret the same on every node? is a rotation under way without"
                        + " previousStoreSecret?)");
    }

    @Test
    void duringARotationBothSecretsOpenAndOnlyTheCurrentOneSeals() throws Exception {
        byte[] old = session.seal("cart", CART);
        SessionCipher rotated = new StoreCipher(NEXT, SECRET, "map").forSession("key-1");

        assertThat(rotated.open("cart", old)).isEqualTo(CART);
        assertThat(rotated.openedWithPrevious()).isTrue();
        byte[] fresh = rotated.seal("cart", CART);
        assertThatThrownBy(() -> session.open("cart", fresh)).as("sealed under the new secret")
                .isInstanceOf(RefusedValueException.class);
        SessionCipher current = new StoreCipher(NEXT, SECRET, "map").forSession("key-1");
        assertThat(current.open("cart", fresh)).isEqualTo(CART);
        assertThat(current.openedWithPrevious()).isFalse();
    }
}
