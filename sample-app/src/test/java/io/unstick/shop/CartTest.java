package io.unstick.shop;

import io.unstick.shop.cart.Cart;
import io.unstick.shop.cart.CartLine;
import io.unstick.shop.cart.QuantityLimitException;
import io.unstick.shop.catalog.Product;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CartTest {

    private static final Product MUG = new Product("mug", "Mug", 1200);
    private static final Product TEA = new Product("tea", "Tea", 890);

    @Test
    void addsUpQuantitiesAndTotals() {
        Cart cart = new Cart();
        cart.add(MUG, 2);
        cart.add(TEA, 1);
        cart.add(MUG, 1);

        assertThat(cart.lines()).extracting(CartLine::productId, CartLine::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mug", 3), org.assertj.core.groups.Tuple.tuple("tea", 1));
        assertThat(cart.totalCents()).isEqualTo(3 * 1200 + 890);
    }

    @Test
    void refusesToPassTheLimitAndKeepsTheLine() {
        Cart cart = new Cart();
        cart.add(MUG, 98);

        assertThatThrownBy(() -> cart.add(MUG, 2)).isInstanceOf(QuantityLimitException.class).hasMessageContaining("99");
        assertThat(cart.quantities()).containsEntry("mug", 98);
    }

    @Test
    void setRemoveAndDrain() {
        Cart cart = new Cart();
        cart.set(MUG, 5);
        cart.set(MUG, 2);
        cart.add(TEA, 1);

        assertThat(cart.remove("tea")).isTrue();
        assertThat(cart.remove("tea")).isFalse();
        assertThat(cart.drain()).extracting(CartLine::quantity).containsExactly(2);
        assertThat(cart.isEmpty()).isTrue();
    }

    @Test
    void survivesSerialization() throws Exception {
        Cart cart = new Cart();
        cart.add(MUG, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cart);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Cart copy = (Cart) in.readObject();
            assertThat(copy.quantities()).containsExactlyEntriesOf(cart.quantities());
            copy.add(MUG, 1);
            assertThat(copy.quantities()).containsEntry("mug", 3);
        }
    }
}
