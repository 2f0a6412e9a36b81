package io.unstick.session.internal.core;

/**
 * Session metadata that a request can change: the idle limit and the container-managed login.
 *
 * @param maxInactiveSeconds idle seconds before expiry; zero or less never expires
 * @param authType authentication type of the cached principal, or null
 * @param principal the serialized principal, or null
 */
public record SessionMetadata(int maxInactiveSeconds, String authType, byte[] principal) {
}
