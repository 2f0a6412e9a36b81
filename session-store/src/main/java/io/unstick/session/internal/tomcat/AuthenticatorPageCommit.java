package io.unstick.session.internal.tomcat;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Request;

import java.util.Arrays;

/**
 * Saves a request's session before Tomcat's FORM authenticator sends its login or error page. The authenticator
 * forwards to that page with the container's own response, which the application's wrapper
 * ({@link CommitBeforeResponse}) never sees, and the forward closes it: without this, the client has the login
 * page while the session holding the saved request is not stored yet, and a login it posts to another node at once
 * finds no session (Tomcat answers 408).
 *
 * <p>The authenticator announces its forward to the context's request listeners as a new request; this is one of
 * them. The Host announces every request the same way, after {@link SessionCommitValve} entered it and before the
 * authenticator runs (not an asynchronous dispatch), so the Host's announcement is skipped.
 */
final class AuthenticatorPageCommit implements ServletRequestListener {

    private final ThreadLocal<InRequest> current = new ThreadLocal<>();

    private static final class InRequest {
        final CommitBeforeResponse response;
        boolean hostAnnounced;

        InRequest(CommitBeforeResponse response, boolean asyncDispatch) {
            this.response = response;
            this.hostAnnounced = asyncDispatch; // the Host does not announce an asynchronous dispatch
        }
    }

    /** The valve enters a request of the context, on this thread. */
    void enter(Request request, CommitBeforeResponse response) {
        current.set(new InRequest(response, request.isAsync()));
    }

    /** The valve's request left the context's pipeline. */
    void leave() {
        current.remove();
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        InRequest request = current.get();
        if (request == null) {
            return;
        }
        if (!request.hostAnnounced) {
            request.hostAnnounced = true;
            return;
        }
        request.response.beforeCompletion();
    }

    /** Listens to the context's requests; the context's own listeners are set by then (Tomcat starts them first). */
    void install(Context context) {
        Object[] listeners = context.getApplicationEventListeners();
        Object[] with = Arrays.copyOf(listeners, listeners.length + 1);
        with[listeners.length] = this;
        context.setApplicationEventListeners(with);
    }

    void uninstall(Context context) {
        context.setApplicationEventListeners(Arrays.stream(context.getApplicationEventListeners())
                .filter(listener -> listener != this).toArray());
    }
}
