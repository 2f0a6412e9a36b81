package io.unstick.session.it;

import io.unstick.session.HazelcastSessionManager;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** One embedded Tomcat 11 with the manager on context {@code /app}, on a free loopback port. */
final class TestNode implements AutoCloseable {

    static final String PATH = "/app";

    final String name;
    final TestApp app;
    final HazelcastSessionManager manager;
    private final Tomcat tomcat;
    private final int port;
    private boolean stopped;

    private TestNode(String name, Tomcat tomcat, TestApp app, HazelcastSessionManager manager) {
        this.name = name;
        this.tomcat = tomcat;
        this.app = app;
        this.manager = manager;
        this.port = tomcat.getConnector().getLocalPort();
    }

    /**
     * Starts a node whose engine has {@code name} as jvmRoute (and JMX domain).
     *
     * @param configure sets the manager's attributes, as context.xml would
     */
    static TestNode start(String name, Consumer<HazelcastSessionManager> configure) {
        try {
            Path base = Files.createTempDirectory("unstick-" + name);
            Files.createDirectories(base.resolve("webapps"));
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.getEngine().setName(name);
            tomcat.getEngine().setJvmRoute(name);
            Context context = tomcat.addContext(PATH, Files.createDirectories(base.resolve("docbase")).toString());
            HazelcastSessionManager manager = new HazelcastSessionManager();
            configure.accept(manager);
            context.setManager(manager);
            TestApp app = new TestApp(name);
            context.addServletContainerInitializer(app, null);
            secure(context);
            tomcat.start();
            return new TestNode(name, tomcat, app, manager);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("node " + name + " did not start", e);
        }
    }

    /** FORM login with alice/secret protecting {@code /secure/*}. */
    private static void secure(Context context) {
        context.setRealm(new TestRealm());
        context.setLoginConfig(new LoginConfig("FORM", null, "/login", "/login-error"));
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("user");
        SecurityCollection collection = new SecurityCollection();
        collection.addPattern("/secure/*");
        constraint.addCollection(collection);
        context.addConstraint(constraint);
        context.addSecurityRole("user");
        context.getPipeline().addValve(new FormAuthenticator());
    }

    int port() {
        return port;
    }

    /** Stops Tomcat and, with it, this node's Hazelcast member. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("node " + name + " did not stop cleanly", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
