package io.unstick.session.internal.codec;

import org.junit.jupiter.api.Test;

import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeCodecTest {

    private final AttributeCodec codec = new AttributeCodec(AttributeCodec.DEFAULT_FILTER);

    @Test
    void roundTripsAValueWithTheGivenClassLoader() throws Exception {
        byte[] bytes = codec.serialize("cart", new ArrayList<>(List.of("apple")));

        assertThat(codec.deserialize(bytes, getClass().getClassLoader())).isEqualTo(List.of("apple"));
    }

    @Test
    void anUnserializableValueIsRejectedNamingTheAttributeTheClassAndTheCulprit() {
        List<Object> holder = new ArrayList<>(List.of(new Object()));

        assertThatThrownBy(() -> codec.serialize("basket", holder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'basket'")
                .hasMessageContaining("java.util.ArrayList")
                .hasMessageContaining("NotSerializableException: java.lang.Object");
    }

    @Test
    void theFilterRejectsClassesItDoesNotAllowNamingTheClass() {
        AttributeCodec strict = new AttributeCodec("java.lang.*;!*");
        byte[] bytes = strict.serialize("list", new ArrayList<>(List.of("x")));

        assertThatThrownBy(() -> strict.deserialize(bytes, getClass().getClassLoader()))
                .isInstanceOf(RejectedClassException.class)
                .isInstanceOf(InvalidClassException.class)
                .hasMessage("class java.util.ArrayList is rejected by deserializationFilter");
    }

    @Test
    void aLimitOfTheFilterIsNamedWhenNoClassIsToBlame() {
        AttributeCodec shallow = new AttributeCodec("maxdepth=1");
        byte[] bytes = shallow.serialize("nested", new ArrayList<>(List.of(new ArrayList<>(List.of("x")))));

        assertThatThrownBy(() -> shallow.deserialize(bytes, getClass().getClassLoader()))
                .isInstanceOf(RejectedClassException.class)
                .hasMessageStartingWith("a limit of deserializationFilter is exceeded (depth 2, references 3")
                .satisfies(e -> assertThat(AttributeCodec.describe((Exception) e)).isEqualTo(e.getMessage()));
    }

    @Test
    void anInvalidFilterPatternIsReportedAtConfiguration() {
        assertThatThrownBy(() -> new AttributeCodec("maxdepth=abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deserializationFilter");
    }

    @Test
    void equalBytesHaveEqualDigestsAndChangedBytesDoNot() {
        byte[] a = codec.serialize("n", "one");

        assertThat(AttributeCodec.sameDigest(AttributeCodec.digest(a), AttributeCodec.digest(a.clone()))).isTrue();
        assertThat(AttributeCodec.sameDigest(AttributeCodec.digest(a),
                AttributeCodec.digest(codec.serialize("n", "two")))).isFalse();
    }
}
