package io.unstick.balancer.tls;

import io.unstick.balancer.config.ConfigException;
import io.unstick.balancer.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which PEM files make an HTTPS listener, and the message for each that does not. */
class PemKeyMaterialTest {

    @TempDir
    static Path dir;
    private static TestCertificates ec;
    private static TestCertificates rsa;

    @BeforeAll
    static void certificates() {
        ec = TestCertificates.create(dir, "EC");
        rsa = TestCertificates.create(dir, "RSA");
    }

    @Test
    void readsPkcs8EcAndRsaKeysWithTheirCertificates() {
        for (TestCertificates pair : new TestCertificates[]{ec, rsa}) {
            PemKeyMaterial material = PemKeyMaterial.load(pair.certificate, pair.key);
            assertThat(material.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
            assertThat(material.expiredOrNotYetValid(new Date())).isFalse();
            SSLContext context = material.sslContext();
            assertThat(context.getProtocol()).isEqualTo("TLS");
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        assertThatThrownBy(() -> PemKeyMaterial.load(ec.certificate, rsa.key)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("UNSTICK_TLS_KEY:").hasMessageContaining("does not belong to the certificate")
                .hasMessageContaining("CN=localhost, EC; the key is RSA");
        TestCertificates other = TestCertificates.create(Files.createDirectories(dir.resolve("other")), "EC");
        assertThatThrownBy(() -> PemKeyMaterial.load(ec.certificate, other.key)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("UNSTICK_TLS_KEY:").hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void otherKeyFormatsAreRefusedWithTheCommandThatConvertsThem() throws Exception {
        for (String header : new String[]{"RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"}) {
            Path key = Files.writeString(dir.resolve("other.key"), TestCertificates.pem(header, new byte[64]));
            assertThatThrownBy(() -> PemKeyMaterial.load(ec.certificate, key)).as(header).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("UNSTICK_TLS_KEY:").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        }
    }

    @Test
    void missingAndGarbageFilesNameTheVariable() throws Exception {
        assertThatThrownBy(() -> PemKeyMaterial.load(dir.resolve("none.crt"), ec.key))
                .hasMessageStartingWith("UNSTICK_TLS_CERT:").hasMessageContaining("cannot read");
        assertThatThrownBy(() -> PemKeyMaterial.load(ec.certificate, dir.resolve("none.key")))
                .hasMessageStartingWith("UNSTICK_TLS_KEY:").hasMessageContaining("cannot read");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a pem file\n");
        assertThatThrownBy(() -> PemKeyMaterial.load(garbage, ec.key))
                .hasMessageStartingWith("UNSTICK_TLS_CERT:").hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> PemKeyMaterial.load(ec.certificate, garbage))
                .hasMessageStartingWith("UNSTICK_TLS_KEY:").hasMessageContaining("no PEM private key");
        Path brokenCert = Files.writeString(dir.resolve("broken.crt"), TestCertificates.pem("CERTIFICATE", new byte[40]));
        assertThatThrownBy(() -> PemKeyMaterial.load(brokenCert, ec.key)).hasMessageStartingWith("UNSTICK_TLS_CERT:");
        Path brokenKey = Files.writeString(dir.resolve("broken.key"), TestCertificates.pem("PRIVATE KEY", new byte[40]));
        assertThatThrownBy(() -> PemKeyMaterial.load(ec.certificate, brokenKey))
                .hasMessageStartingWith("UNSTICK_TLS_KEY:").hasMessageContaining("not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
