package io.unstick.balancer.tls;

import io.unstick.balancer.config.ConfigException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTPS listener's key and certificate from PEM files, with the JDK alone. Accepted:
 * <ul>
 *   <li>certificate ({@code UNSTICK_TLS_CERT}): one or more {@code -----BEGIN CERTIFICATE-----} blocks, the
 *       server's own first, then its chain;</li>
 *   <li>key ({@code UNSTICK_TLS_KEY}): an unencrypted PKCS#8 key, {@code -----BEGIN PRIVATE KEY-----}, RSA, EC or
 *       Ed25519. A PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC PRIVATE KEY}) or encrypted key is
 *       refused with the {@code openssl} command that converts it.</li>
 * </ul>
 * The key must belong to the first certificate (checked by a signature, so a swapped file stops the start).
 * Any problem is a {@link ConfigException} naming the variable.
 */
public final class PemKeyMaterial {

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private PemKeyMaterial(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /** Reads and checks both files. */
    public static PemKeyMaterial load(Path certificate, Path key) {
        List<X509Certificate> chain = certificates(certificate);
        PemKeyMaterial material = new PemKeyMaterial(chain, privateKey(key));
        material.checkKeyMatchesCertificate();
        return material;
    }

    /** The server's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Whether the certificate is outside its validity at {@code now} (logged as a warning, not refused). */
    public boolean expiredOrNotYetValid(Date now) {
        try {
            certificate().checkValidity(now);
            return false;
        } catch (CertificateException e) {
            return true;
        }
    }

    /** An SSL context serving this key and chain; the listener limits it to TLS 1.2 and 1.3. */
    public SSLContext sslContext() {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry("unstick", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("UNSTICK_TLS_KEY", "cannot build a TLS context from the key and certificate: " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        String text = read(file, "UNSTICK_TLS_CERT");
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new ConfigException("UNSTICK_TLS_CERT", file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            if (parsed.isEmpty()) {
                throw new ConfigException("UNSTICK_TLS_CERT", file + " holds no certificate");
            }
            return parsed.stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new ConfigException("UNSTICK_TLS_CERT", file + " is not a readable PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        String text = read(file, "UNSTICK_TLS_KEY");
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new ConfigException("UNSTICK_TLS_KEY", file + " is a PKCS#1/SEC1 key; only PKCS#8 (BEGIN PRIVATE KEY) is read."
                    + " Convert it with: " + CONVERT);
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new ConfigException("UNSTICK_TLS_KEY", file + " is encrypted; the balancer reads an unencrypted PKCS#8 key"
                    + " (protect the file instead). Decrypt it with: " + CONVERT);
        }
        Matcher pem = PRIVATE_KEY.matcher(text);
        if (!pem.find()) {
            throw new ConfigException("UNSTICK_TLS_KEY", file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.group(1));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("UNSTICK_TLS_KEY", file + ": the key's base64 is damaged");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new ConfigException("UNSTICK_TLS_KEY", file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }

    private void checkKeyMatchesCertificate() {
        String keyType = key.getAlgorithm();
        String certificateType = certificate().getPublicKey().getAlgorithm();
        boolean sameType = keyType.equals(certificateType) || (isEdDsa(keyType) && isEdDsa(certificateType));
        String algorithm = switch (keyType) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> keyType; // EdDSA
        };
        try {
            boolean matches = false;
            if (sameType) {
                byte[] probe = new byte[32];
                new SecureRandom().nextBytes(probe);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certificate().getPublicKey());
                verifier.update(probe);
                matches = verifier.verify(signature);
            }
            if (!matches) {
                throw new ConfigException("UNSTICK_TLS_KEY", "the key does not belong to the certificate in UNSTICK_TLS_CERT ("
                        + certificate().getSubjectX500Principal().getName() + ", " + certificateType + "; the key is " + keyType + ")");
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException("UNSTICK_TLS_KEY", "cannot check the key against the certificate in UNSTICK_TLS_CERT: " + e);
        }
    }

    private static boolean isEdDsa(String algorithm) {
        return algorithm.equals("EdDSA") || algorithm.equals("Ed25519");
    }

    private static String read(Path file, String variable) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(variable, "cannot read " + file + ": " + e);
        }
    }
}
