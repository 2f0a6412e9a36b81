package io.unstick.shop.idempotency;

/**
 * What a keyed change answers: its result, and whether it was made by this request or by an earlier one with the
 * same key (a replay, answered with {@link Idempotency#REPLAYED_HEADER}).
 */
public record Outcome<T>(T value, boolean replayed) {

    public static <T> Outcome<T> made(T value) {
        return new Outcome<>(value, false);
    }

    public static <T> Outcome<T> replayed(T value) {
        return new Outcome<>(value, true);
    }
}
