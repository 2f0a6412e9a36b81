package io.unstick.session.internal.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.unstick.session.internal.codec.StoreSecrets.Reach.LOOPBACK;
import static io.unstick.session.internal.codec.StoreSecrets.Reach.NETWORK;
import static io.unstick.session.internal.codec.StoreSecrets.Reach.THIS_MEMBER_ON_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the secret comes from, and what happens without one, by who can reach the store. */
class StoreSecretsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final StoreSecrets.Sources NONE = new StoreSecrets.Sources(null, null, null);

    @Test
    void theAttributeComesFirstThenTheFileThenTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, SECRET + "-from-file\n");

        assertThat(primary(new StoreSecrets.Sources(SECRET, null, SECRET + "-env"))).isEqualTo("storeSecret");
        assertThat(primary(new StoreSecrets.Sources(null, file.toString(), SECRET + "-env")))
                .isEqualTo("storeSecretFile " + file);
        assertThat(primary(new StoreSecrets.Sources(null, null, SECRET)))
                .isEqualTo("the environment variable UNSTICK_STORE_SECRET");
    }

    @Test
    void theSameSecretFromAFileWithATrailingNewlineGivesTheSameKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, SECRET + "\n");
        StoreSecrets fromFile = StoreSecrets.resolve(new StoreSecrets.Sources(null, file.toString(), null), NONE,
                NETWORK, "c");
        StoreSecrets fromValue = StoreSecrets.resolve(new StoreSecrets.Sources(SECRET, null, null), NONE, NETWORK, "c");

        assertThat(fromFile.keys("m").of("ID")).isEqualTo(fromValue.keys("m").of("ID"));
    }

    @Test
    void aStoreOtherMachinesCanReachDoesNotStartWithoutASecret() {
        assertThatThrownBy(() -> StoreSecrets.resolve(NONE, NONE, NETWORK, "c"))
                .hasMessageStartingWith("storeSecret is required")
                .hasMessageContaining("storeSecretFile")
                .hasMessageContaining("UNSTICK_STORE_SECRET");
    }

    @Test
    void withoutASecretALoopbackStoreUsesARandomOrTheDevelopmentKey() {
        StoreSecrets alone = StoreSecrets.resolve(NONE, NONE, THIS_MEMBER_ON_LOOPBACK, "c");
        StoreSecrets local = StoreSecrets.resolve(NONE, NONE, LOOPBACK, "c");

        assertThat(alone.primary().kind()).isEqualTo(StoreSecret.Kind.RANDOM);
        assertThat(alone.keys("m").of("ID")).as("random per start")
                .isNotEqualTo(StoreSecrets.resolve(NONE, NONE, THIS_MEMBER_ON_LOOPBACK, "c").keys("m").of("ID"));
        assertThat(local.primary().kind()).isEqualTo(StoreSecret.Kind.DEVELOPMENT);
        assertThat(local.keys("m").of("ID")).as("every local member derives the same")
                .isEqualTo(StoreSecrets.resolve(NONE, NONE, LOOPBACK, "c").keys("m").of("ID"));
    }

    @Test
    void badSecretsAreRefusedNamingTheirSource() {
        assertThatThrownBy(() -> primary(new StoreSecrets.Sources("short", null, null)))
                .hasMessage("storeSecret must be at least 32 characters (for example the output of 'openssl rand"
                        + " -base64 32'), but has 5");
        assertThatThrownBy(() -> primary(new StoreSecrets.Sources("${UNSTICK_STORE_SECRET}", null, null)))
                .hasMessageContaining("unresolved placeholder");
        assertThatThrownBy(() -> primary(new StoreSecrets.Sources(SECRET, "/some/file", null)))
                .hasMessage("Set either storeSecret or storeSecretFile, not both");
        assertThatThrownBy(() -> primary(new StoreSecrets.Sources(null, "/no/such/secret/file", null)))
                .hasMessageStartingWith("storeSecretFile /no/such/secret/file cannot be read");
        assertThatThrownBy(() -> StoreSecrets.resolve(NONE, new StoreSecrets.Sources(SECRET, null, null), LOOPBACK, "c"))
                .hasMessageContaining("previousStoreSecret (or its file or UNSTICK_STORE_SECRET_PREVIOUS) is set but"
                        + " storeSecret is not");
    }

    @Test
    void theSecretNeverShowsInText() {
        StoreSecrets secrets = StoreSecrets.resolve(new StoreSecrets.Sources(SECRET, null, null),
                new StoreSecrets.Sources(null, null, SECRET + "-old"), NETWORK, "c");

        assertThat(secrets.toString()).doesNotContain(SECRET).contains("storeSecret")
                .contains("UNSTICK_STORE_SECRET_PREVIOUS");
    }

    private static String primary(StoreSecrets.Sources sources) {
        return StoreSecrets.resolve(sources, NONE, NETWORK, "c").primary().origin();
    }
}
