package io.unstick.shop.session;

/** What {@code GET /api/session} shows: where and when the session began, and who is logged in. Never the id. */
public record SessionView(String createdOn, long createdAt, String username) {
}
