package io.unstick.shop.idempotency;

import io.unstick.shop.actions.ShopException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyTest {

    private static final String UUID = "8e03978e-40d5-43e8-bc93-6894a57f9324";

    @Test
    void noHeaderIsNoKey() {
        assertThat(Idempotency.of(null, "POST", "/api/checkout", "")).isSameAs(Idempotency.NONE);
        assertThat(Idempotency.NONE.keyed()).isFalse();
    }

    @Test
    void takesTheDraftsQuotedStringAndTheBareToken() {
        Idempotency quoted = Idempotency.of("\"" + UUID + "\"", "POST", "/api/checkout", "");
        Idempotency bare = Idempotency.of(" " + UUID + " ", "POST", "/api/checkout", "");
        assertThat(quoted.keyed()).isTrue();
        assertThat(quoted.key()).isEqualTo(UUID);
        assertThat(bare).isEqualTo(quoted);
        assertThat(Idempotency.of("a".repeat(Idempotency.MAX_KEY_LENGTH), "POST", "/p", "").key()).hasSize(64);
        assertThat(Idempotency.of("order:42.retry_A-1", "POST", "/p", "").key()).isEqualTo("order:42.retry_A-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\"\"", "two words", "key;drop", "k\u00e9y", "\"unclosed", "a/b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesKeysThatAreEmptyTooLongOrUnsafe(String header) {
        assertThatThrownBy(() -> Idempotency.of(header, "POST", "/api/checkout", ""))
                .isInstanceOfSatisfying(ShopException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("Idempotency-Key must be 1-64 characters");
    }

    @Test
    void theFingerprintIsTheMethodPathAndArgumentsAndStaysSmall() {
        Idempotency add = Idempotency.of(UUID, "POST", "/api/cart/items", "AddItem[productId=mug, quantity=1]");
        assertThat(Idempotency.of(UUID, "POST", "/api/cart/items", "AddItem[productId=mug, quantity=1]"))
                .isEqualTo(add);
        assertThat(Idempotency.of(UUID, "POST", "/api/cart/items", "AddItem[productId=mug, quantity=2]").fingerprint())
                .isNotEqualTo(add.fingerprint());
        assertThat(Idempotency.of(UUID, "PUT", "/api/cart/items", "AddItem[productId=mug, quantity=1]").fingerprint())
                .isNotEqualTo(add.fingerprint());
        assertThat(Idempotency.of(UUID, "POST", "/api/cart/item", "AddItem[productId=mug, quantity=1]").fingerprint())
                .isNotEqualTo(add.fingerprint());
        assertThat(Idempotency.of(UUID, "POST", "/api/checkout", "x".repeat(16_000)).fingerprint())
                .as("SHA-256, base64url").hasSize(43);
    }
}
