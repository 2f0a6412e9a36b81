package io.unstick.balancer.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's {@code keytool} in the
 * test (no key material in the repository, no extra library), written out as the PEM files the balancer reads,
 * and an SSL context that trusts it, for clients.
 */
public final class TestCertificates {

    public final Path certificate;
    public final Path key;
    private final Certificate cert;

    private TestCertificates(Path certificate, Path key, Certificate cert) {
        this.certificate = certificate;
        this.key = key;
        this.cert = cert;
    }

    /**
     * @param keyAlgorithm {@code EC} (P-256) or {@code RSA} (2048 bits)
     */
    public static TestCertificates create(Path dir, String keyAlgorithm) {
        try {
            Path store = dir.resolve("server-" + keyAlgorithm + ".p12");
            Files.deleteIfExists(store);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            ProcessBuilder pb = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", keyAlgorithm,
                    keyAlgorithm.equals("EC") ? "-groupname" : "-keysize", keyAlgorithm.equals("EC") ? "secp256r1" : "2048",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true);
            Process keytoolRun = pb.start();
            String output = new String(keytoolRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytoolRun.waitFor(60, TimeUnit.SECONDS) || keytoolRun.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, "changeit".toCharArray());
            }
            PrivateKey privateKey = (PrivateKey) keyStore.getKey("server", "changeit".toCharArray());
            Certificate cert = keyStore.getCertificate("server");
            Path certFile = dir.resolve("server-" + keyAlgorithm + ".crt");
            Path keyFile = dir.resolve("server-" + keyAlgorithm + ".key");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", privateKey.getEncoded())); // PKCS#8
            return new TestCertificates(certFile, keyFile, cert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A client context that trusts this certificate only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
