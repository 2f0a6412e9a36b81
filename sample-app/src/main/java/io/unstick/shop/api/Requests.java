package io.unstick.shop.api;

/** The JSON bodies the API accepts. Boxed numbers, so that a missing field is told apart from 0. */
final class Requests {

    private Requests() {
    }

    record AddItem(String productId, Integer quantity) {
    }

    record SetQuantity(Integer quantity) {
    }

    record Login(String username) {
    }
}
