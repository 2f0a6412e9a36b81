package io.unstick.shop.idempotency;

import io.unstick.shop.actions.ShopException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A change's {@code Idempotency-Key}, if the client sent one, with the fingerprint of the request it came with.
 * The key is the client's name for one change: sent again (a retry after an answer that did not say whether the
 * change was made), the change is not made twice ({@link AppliedChanges}). The fingerprint tells a retry of the same
 * request from a different request that reuses the key.
 *
 * <p>The header follows draft-ietf-httpapi-idempotency-key-header (an sf-string, {@code "..."}) and also takes the
 * bare token many clients send (Stripe's {@code Idempotency-Key: 8e03...}):
 * <pre>
 * Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"
 * Idempotency-Key: 8e03978e-40d5-43e8-bc93-6894a57f9324
 * </pre>
 *
 * @param key         the key, or null when the request carried none ({@link #NONE})
 * @param fingerprint what the request asked for: method, path and body as parsed (so JSON spacing does not matter),
 *                    hashed with SHA-256, so that what a session keeps per key stays small
 */
public record Idempotency(String key, String fingerprint) {

    public static final String HEADER = "Idempotency-Key";
    /** The answer header of a replay: the change was made by an earlier request with the same key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Long enough for a UUID, a ULID or a client's own prefix; short enough that 32 of them are nothing. */
    public static final int MAX_KEY_LENGTH = 64;

    /** A change without a key: made whenever it is asked for, as the HTML forms ask. */
    public static final Idempotency NONE = new Idempotency(null, null);

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_KEY_LENGTH + "}");

    /**
     * The key of a request, or {@link #NONE} without the header.
     *
     * @param header    the {@code Idempotency-Key} header, or null
     * @param method    the request's method
     * @param path      the request's path
     * @param arguments the request's body as the shop parsed it, in a fixed order ({@code ""} without one)
     * @throws ShopException 400 when the key is empty, too long or has characters outside {@code [A-Za-z0-9._:-]}
     */
    public static Idempotency of(String header, String method, String path, String arguments) {
        if (header == null) {
            return NONE;
        }
        String key = unquoted(header.strip());
        if (!KEY.matcher(key).matches()) {
            throw ShopException.badRequest(HEADER + " must be 1-" + MAX_KEY_LENGTH
                    + " characters of letters, digits, '.', '_', ':' or '-' (optionally in double quotes)");
        }
        return new Idempotency(key, sha256(method + ' ' + path + '\n' + arguments));
    }

    public boolean keyed() {
        return key != null;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
