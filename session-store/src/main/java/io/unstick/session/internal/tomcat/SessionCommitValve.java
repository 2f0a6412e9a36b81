package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.StoreKeys;
import io.unstick.session.internal.core.Concurrency;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.SessionCommitter;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.SessionStore;
import io.unstick.session.internal.core.StoreUnavailableException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.AuthenticatorBase;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.util.SessionConfig;
import org.apache.catalina.valves.ValveBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Brackets each request of the context: before it, takes the session lock (concurrency=lock, unless the URI is a
 * static resource) and takes over a session whose id carries another node's route; after it, in a finally block
 * (or when an asynchronous request completes), commits the sessions the request used ({@link RequestSessions}).
 * A store that cannot be reached turns into a 503 without a stack trace.
 *
 * <p>The manager installs it in the Host's pipeline (it passes other contexts' requests through), so that it runs
 * before everything in the context's pipeline, the authenticator included.
 */
final class SessionCommitValve extends ValveBase {

    private static final Log log = LogFactory.getLog(SessionCommitValve.class);

    private final Context context;
    private final String jvmRoute;
    private final LocalSessions local;
    private final SessionCommitter committer;
    private final SessionStore store;
    private final Counters metrics;
    private final Concurrency concurrency;
    private volatile Boolean authenticatorReadsSession;
    private final long lockTimeoutMs;
    private final Pattern lockIgnored;
    private final StoreKeys keys;
    private final boolean acceptUrlSessionIds;
    private final AuthenticatorPageCommit authenticatorPages = new AuthenticatorPageCommit();

    SessionCommitValve(Context context, String jvmRoute, LocalSessions local, SessionCommitter committer,
                       SessionStore store, Counters metrics, Concurrency concurrency, long lockTimeoutMs,
                       Pattern lockIgnored, StoreKeys keys, boolean acceptUrlSessionIds) {
        super(true);
        this.context = context;
        this.jvmRoute = jvmRoute;
        this.local = local;
        this.committer = committer;
        this.store = store;
        this.metrics = metrics;
        this.concurrency = concurrency;
        this.lockTimeoutMs = lockTimeoutMs;
        this.lockIgnored = lockIgnored;
        this.keys = keys;
        this.acceptUrlSessionIds = acceptUrlSessionIds;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (request.getContext() != context) {
            getNext().invoke(request, response);
            return;
        }
        ignoreUrlSessionId(request);
        SessionStore.SessionLock lock = null;
        store.beginRequest();
        try {
            if (concurrency == Concurrency.LOCK && !lockIgnored(request)) {
                lock = lock(request, response);
                if (lock == null) {
                    return;
                }
            }
            takeOverForeignRoute(request);
            readSessionBeforeTheAuthenticator(request);
            CommitBeforeResponse answer = new CommitBeforeResponse(response.getResponse(),
                    () -> commitEarly(request, response));
            response.setResponse(answer);
            authenticatorPages.enter(request, answer);
            try {
                getNext().invoke(request, response);
            } finally {
                authenticatorPages.leave();
            }
            answerStoreFailureWith503(request, response);
        } catch (RuntimeException e) {
            if (!StoreUnavailableException.isCauseOf(e)) {
                throw e;
            }
            log.warn(StoreUnavailableException.describe(e) + "; answering 503");
            sendUnavailable(request, response);
        } finally {
            try {
                if (!commitWhenAsyncEnds(request, response)) {
                    endOfRequest(request, response);
                }
            } finally {
                store.endRequest();
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }

    /** What commits before the authenticator sends its own page; the context must hear its requests. */
    AuthenticatorPageCommit authenticatorPages() {
        return authenticatorPages;
    }

    /**
     * A session id given only in the URL ({@code ;jsessionid=}) is not taken, unless acceptUrlSessionIds: a link
     * could otherwise put its reader into a session its author knows. The request then has no session id, as if it
     * came without one; an id in a cookie is unaffected.
     */
    private void ignoreUrlSessionId(Request request) {
        if (!acceptUrlSessionIds && request.isRequestedSessionIdFromURL()) {
            request.setRequestedSessionId(null);
            request.setRequestedSessionURL(false);
        }
    }

    /**
     * An asynchronous request (startAsync) goes on after this dispatch, on other threads: its sessions are
     * committed once, when it completes (also after a timeout or an error), with what every thread changed. The
     * lock of concurrency=lock belongs to this thread and ends with the dispatch.
     *
     * @return false when the request is not asynchronous: commit now
     */
    private boolean commitWhenAsyncEnds(Request request, Response response) {
        if (!request.isAsyncStarted()) {
            return false;
        }
        try {
            request.getAsyncContext().addListener(new EndOfAsyncRequest(request, response));
            return true;
        } catch (IllegalStateException e) {
            return false; // completed meanwhile: nothing runs any more, commit now
        }
    }

    /** Commits the request's sessions and ends the valve's use of a session it took over. */
    private void endOfRequest(Request request, Response response) throws IOException {
        try {
            commitAll(request, response);
        } finally {
            RequestSessions.release(request);
        }
    }

    private final class EndOfAsyncRequest implements AsyncListener {
        private final Request request;
        private final Response response;

        EndOfAsyncRequest(Request request, Response response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) throws IOException {
            endOfRequest(request, response);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // the new cycle's dispatch passes through this valve again, which listens to it
        }
    }

    /**
     * The application met an unreachable store (Tomcat has logged it with its cause): answer 503, not a 500 page
     * carrying a stack trace.
     */
    private void answerStoreFailureWith503(Request request, Response response) throws IOException {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure instanceof Throwable t && StoreUnavailableException.isCauseOf(t)) {
            request.removeAttribute(RequestDispatcher.ERROR_EXCEPTION);
            sendUnavailable(request, response);
        }
    }

    private void sendUnavailable(Request request, Response response) throws IOException {
        if (!response.isCommitted()) {
            resetKeepingSessionCookie(request, response);
            response.setHeader("Retry-After", "1");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Session store unavailable");
        }
    }

    /**
     * The context's authenticator reads the session of every request that names one (its principal cache), inside
     * the context's pipeline, where a store that cannot answer becomes Tomcat's error log line with a stack trace.
     * Read it here first instead: the same read, once (the request keeps the session), and a failure gets this
     * valve's 503 and one line.
     */
    private void readSessionBeforeTheAuthenticator(Request request) {
        if (request.getRequestedSessionId() != null && authenticatorReadsSession()) {
            request.getSessionInternal(false);
        }
    }

    private boolean authenticatorReadsSession() {
        Boolean reads = authenticatorReadsSession;
        if (reads == null) {
            reads = Arrays.stream(context.getPipeline().getValves())
                    .anyMatch(valve -> valve instanceof AuthenticatorBase authenticator && authenticator.getCache());
            authenticatorReadsSession = reads; // the pipeline is complete once requests arrive
        }
        return reads;
    }

    /** A static resource (requestUriIgnorePattern) cannot touch the session: it need not wait for its lock. */
    private boolean lockIgnored(Request request) {
        return lockIgnored != null && lockIgnored.matcher(request.getRequestURI()).matches();
    }

    /** The held lock, a no-op lock when the request names no session, or null after answering 503. */
    private SessionStore.SessionLock lock(Request request, Response response) throws IOException {
        String requested = request.getRequestedSessionId();
        if (requested == null) {
            return () -> { };
        }
        String key = keys.of(SessionIds.base(requested));
        Optional<SessionStore.SessionLock> lock;
        try {
            lock = store.tryLock(key, lockTimeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock = Optional.empty();
        } catch (RuntimeException e) {
            log.warn("Cannot lock session " + key + ": the session store is unavailable (" + e + "); answering 503");
            sendUnavailable(request, response);
            return null;
        }
        if (lock.isEmpty()) {
            log.warn("Session " + key + " is busy: its lock was not free within lockTimeoutMs=" + lockTimeoutMs
                    + "; answering 503 instead of running the request unlocked");
            response.setHeader("Retry-After", "1");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Session busy; retry");
            return null;
        }
        return lock.get();
    }

    /**
     * A cookie naming another node's route: take the session over from the store and re-issue the cookie with our
     * route. The valve uses the session until the request ends, so the request's own look-up finds this copy
     * instead of reading the store again.
     */
    private void takeOverForeignRoute(Request request) {
        String requested = request.getRequestedSessionId();
        if (requested == null || !isForeign(requested)) {
            return;
        }
        HazelcastSession session = local.find(requested, true);
        if (session != null) {
            RequestSessions.tookOver(request, session);
            request.changeSessionId(session.getIdInternal());
        }
    }

    /** True when the id carries a route and this node has a different one. */
    private boolean isForeign(String sessionId) {
        String theirs = SessionIds.route(sessionId);
        return jvmRoute != null && !jvmRoute.isEmpty() && theirs != null && !theirs.equals(jvmRoute);
    }

    /**
     * The application is completing the response before the request ends: save the changes now, so the client
     * cannot see the answer before the store does. A refused commit (409) or an unavailable store (503) answers the
     * request instead of the application, whose response is discarded, and its changes are not saved, nor anything
     * of that session after it; another failure is logged and retried at the end of the request. What changes after
     * this point is saved at the end.
     *
     * @return false when this answered the request itself
     */
    private boolean commitEarly(Request request, Response response) {
        for (HazelcastSession session : RequestSessions.of(request)) {
            try {
                SessionCommitter.Outcome outcome = committer.commitOrDrop(session);
                local.committed(session, outcome);
                if (outcome == SessionCommitter.Outcome.STALE) {
                    RequestSessions.answered(request, session);
                    return !sendConflict(request, response);
                }
            } catch (RuntimeException e) {
                if (!StoreUnavailableException.isCauseOf(e)) {
                    log.warn("Could not save session " + session.getIdInternal() + " before the response completed;"
                            + " retrying when the request ends", e);
                    continue;
                }
                metrics.commitFailure();
                // Answered 503: the changes are dropped (the client retries, or not, knowing the outcome is unknown)
                // and the copy that still holds them is not shared with a new request.
                local.commitDropped(session);
                RequestSessions.answered(request, session);
                log.warn("Could not save session " + session.getIdInternal() + ": "
                        + StoreUnavailableException.describe(e) + "; answering 503");
                if (!response.isCommitted()) {
                    sendUnavailableQuietly(request, response);
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A commit refused as stale: another request changed what this one changes since it read it. Unless the client
     * has the response already, it gets 409 (retry with the current state) instead of the application's answer.
     *
     * @return true when the 409 was sent
     */
    private boolean sendConflict(Request request, Response response) {
        if (response.isCommitted()) {
            return false;
        }
        resetKeepingSessionCookie(request, response);
        try {
            response.sendError(HttpServletResponse.SC_CONFLICT, "The session changed meanwhile (another request);"
                    + " this request was not applied. Retry it");
        } catch (IOException e) {
            log.debug("Could not send 409: " + e);
        }
        return true;
    }

    private void sendUnavailableQuietly(Request request, Response response) {
        try {
            sendUnavailable(request, response);
        } catch (IOException e) {
            log.debug("Could not send 503: " + e);
        }
    }

    /**
     * Clears the application's answer for the valve's own, but keeps the cookie of a stored session whose id changed
     * in this request. A login moves the session in the store before its commit, which may then fail or be refused:
     * told 503 or 409 without the new id, the client would be left with the old, retired one, and its session lost.
     * The cookie of a session created here is not kept: its creation was not stored.
     */
    private void resetKeepingSessionCookie(Request request, Response response) {
        String sessionCookie = SessionConfig.getSessionCookieName(context) + "=";
        Set<String> moved = RequestSessions.of(request).stream()
                .filter(session -> session.stored().isStored())
                .map(session -> sessionCookie + session.getIdInternal())
                .collect(Collectors.toSet());
        List<String> kept = response.getHeaders("Set-Cookie").stream()
                .filter(cookie -> moved.contains(cookie.split(";", 2)[0].trim()))
                .toList();
        response.reset();
        kept.forEach(cookie -> response.addHeader("Set-Cookie", cookie));
    }

    private void commitAll(Request request, Response response) throws IOException {
        for (HazelcastSession session : RequestSessions.toCommitAtEnd(request)) {
            try {
                SessionCommitter.Outcome outcome = committer.commit(session);
                local.committed(session, outcome);
                if (outcome == SessionCommitter.Outcome.STALE) {
                    sendConflict(request, response);
                }
            } catch (RuntimeException e) {
                metrics.commitFailure();
                String why = "Could not save session " + session.getIdInternal() + " to the session store; this"
                        + " request's session changes are lost" + (response.isCommitted() ? "" : "; answering 503");
                if (StoreUnavailableException.isCauseOf(e)) {
                    log.warn(why + ": " + StoreUnavailableException.describe(e));
                } else {
                    log.error(why, e);
                }
                sendUnavailable(request, response);
            }
        }
    }

    @Override
    public String toString() {
        return "SessionCommitValve[concurrency=" + concurrency + ", lockTimeoutMs=" + lockTimeoutMs
                + ", requestUriIgnorePattern=" + lockIgnored + "]";
    }
}
