package io.unstick.session.it;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The web application of one test node, with counters the tests read directly. */
public final class TestApp implements ServletContainerInitializer {

    final String node;
    final AtomicInteger sessionsCreated = new AtomicInteger();
    final AtomicInteger sessionsDestroyed = new AtomicInteger();
    /** The ids of the destroyed sessions, as sessionDestroyed saw them. */
    final Set<String> destroyedIds = ConcurrentHashMap.newKeySet();
    final AtomicInteger valuesUnbound = new AtomicInteger();
    /** Set by a test to make two requests overlap: each loads the session, then waits for the other. */
    volatile CyclicBarrier barrier;
    /** Set by a test to keep a request (and its session lock) busy until released. */
    volatile CountDownLatch hold;
    /** Set by a test: an asynchronous request goes on (on another thread) once it is released. */
    volatile CountDownLatch asyncGo;
    /**
     * Set by a test: the next request that ends a dispatch (the FORM authenticator's forward to its login page ends
     * before the request does) waits there until released, so the client has the page while the request is not over.
     */
    final AtomicReference<CountDownLatch> holdAfterFirstDispatch = new AtomicReference<>();
    /** True once an asynchronous request's servlet returned. */
    final AtomicBoolean asyncDispatched = new AtomicBoolean();

    TestApp(String node) {
        this.node = node;
    }

    static TestApp of(ServletContext context) {
        return (TestApp) context.getAttribute(TestApp.class.getName());
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.setAttribute(TestApp.class.getName(), this);
        context.addListener(new HttpSessionListener() {
            @Override
            public void sessionCreated(HttpSessionEvent se) {
                sessionsCreated.incrementAndGet();
            }

            @Override
            public void sessionDestroyed(HttpSessionEvent se) {
                destroyedIds.add(se.getSession().getId());
                sessionsDestroyed.incrementAndGet();
            }
        });
        context.addListener(new ServletRequestListener() {
            @Override
            public void requestDestroyed(ServletRequestEvent sre) {
                CountDownLatch release = holdAfterFirstDispatch.getAndSet(null);
                if (release != null) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        context.addServlet("api", new ApiServlet(this)).addMapping("/api/*");
        ServletRegistration.Dynamic async = context.addServlet("async", new AsyncServlet(this));
        async.setAsyncSupported(true);
        async.addMapping("/async/*");
        context.addServlet("static", new StaticFileServlet()).addMapping("*.png");
        context.addServlet("secure", new WhoAmIServlet()).addMapping("/secure/*");
        context.addServlet("login", new LoginPageServlet()).addMapping("/login", "/login-error");
    }
}
