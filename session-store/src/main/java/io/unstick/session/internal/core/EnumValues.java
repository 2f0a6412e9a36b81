package io.unstick.session.internal.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses configuration values such as {@code topology="client"} into enum constants, case-insensitively. */
public final class EnumValues {

    private EnumValues() {
    }

    /**
     * @throws IllegalArgumentException naming the attribute, the allowed values and the value given
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String attribute, String value) {
        for (E constant : type.getEnumConstants()) {
            if (value != null && constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(c -> "'" + c.name().toLowerCase(Locale.ROOT) + "'")
                .collect(Collectors.joining(" or "));
        throw new IllegalArgumentException(attribute + " must be " + allowed + ", was '" + value + "'");
    }
}
