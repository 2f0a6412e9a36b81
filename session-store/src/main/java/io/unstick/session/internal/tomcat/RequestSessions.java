package io.unstick.session.internal.tomcat;

import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The sessions one request uses, found through the request itself (and its notes) rather than a thread-local, so
 * that whichever thread ends the request finds them: the session the request obtained from Tomcat, and one the
 * valve took over for it (a cookie naming another node's route).
 */
final class RequestSessions {

    /** Request note: the session the valve took over for this request. */
    static final String TAKEN_OVER = "io.unstick.session.takenOver";
    /** Request note: the sessions whose commit answered the request (409 or 503); nothing more of theirs is saved. */
    static final String ANSWERED = "io.unstick.session.answered";

    private RequestSessions() {
    }

    /** The valve uses {@code session} for the request until {@link #release}. */
    static void tookOver(Request request, HazelcastSession session) {
        session.access();
        request.setNote(TAKEN_OVER, session);
    }

    /** Ends the valve's use of a session it took over, if any. */
    static void release(Request request) {
        if (request.getNote(TAKEN_OVER) instanceof HazelcastSession session) {
            request.removeNote(TAKEN_OVER);
            session.endAccess();
        }
    }

    /** The request's sessions to commit: none, one, or the taken-over one and another created after it. */
    static List<HazelcastSession> of(Request request) {
        HazelcastSession obtained = obtained(request) instanceof HazelcastSession session ? session : null;
        HazelcastSession takenOver = request.getNote(TAKEN_OVER) instanceof HazelcastSession session ? session : null;
        if (takenOver == null || takenOver == obtained) {
            return obtained == null ? List.of() : List.of(obtained);
        }
        return obtained == null ? List.of(takenOver) : List.of(takenOver, obtained);
    }

    /** A commit of {@code session} answered the request itself: the request's end does not commit it again. */
    static void answered(Request request, HazelcastSession session) {
        if (!(request.getNote(ANSWERED) instanceof Set<?>)) {
            request.setNote(ANSWERED, Collections.newSetFromMap(new IdentityHashMap<HazelcastSession, Boolean>()));
        }
        answeredIn(request).add(session);
    }

    /** The request's sessions to commit when it ends: {@link #of}, less those a commit already answered for. */
    static List<HazelcastSession> toCommitAtEnd(Request request) {
        List<HazelcastSession> sessions = of(request);
        Set<HazelcastSession> answered = answeredIn(request);
        if (answered.isEmpty()) {
            return sessions; // every request but the few a commit answered: no copy
        }
        return sessions.stream().filter(session -> !answered.contains(session)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Set<HazelcastSession> answeredIn(Request request) {
        return request.getNote(ANSWERED) instanceof Set<?> answered ? (Set<HazelcastSession>) answered : Set.of();
    }

    /**
     * The valid session the request obtained, without looking one up. Tomcat's {@code getSessionInternal(false)}
     * returns the session the request holds; when it holds none but names one, it would ask the manager, which is
     * a store read for a request that never used its session. Hiding the requested id for that one call makes it a
     * pure look-up. Only the thread that owns the request calls this.
     */
    private static Session obtained(Request request) {
        String requested = request.getRequestedSessionId();
        if (requested == null) {
            return request.getSessionInternal(false);
        }
        request.setRequestedSessionId(null);
        try {
            return request.getSessionInternal(false);
        } finally {
            request.setRequestedSessionId(requested);
        }
    }
}
