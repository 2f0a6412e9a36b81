package com.example.outside;

import io.unstick.session.HazelcastSessionManager;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** An embedded Tomcat whose sessions live in Hazelcast, configured with the Manager's documented properties. */
public final class SharedSessionsTomcat implements AutoCloseable {

    private final Tomcat tomcat;
    private final Path baseDir;

    public SharedSessionsTomcat(String nodeName, int memberPort, String members) throws IOException, LifecycleException {
        tomcat = new Tomcat();
        baseDir = Files.createTempDirectory("outside-tomcat");
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getEngine().setJvmRoute(nodeName);
        Context context = tomcat.addContext("", null);

        HazelcastSessionManager manager = new HazelcastSessionManager();
        manager.setClusterName("outside");
        manager.setMembers(members);
        manager.setMemberPort(memberPort);
        context.setManager(manager);

        Tomcat.addServlet(context, "visits", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                Integer visits = (Integer) request.getSession().getAttribute("visits");
                int now = visits == null ? 1 : visits + 1;
                request.getSession().setAttribute("visits", now);
                response.getWriter().print(now);
            }
        });
        context.addServletMappingDecoded("/visits", "visits");
        tomcat.start();
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() throws LifecycleException {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            deleteBaseDir();
        }
    }

    /** Tomcat's work directory is this instance's alone: nothing in it outlives the server. */
    private void deleteBaseDir() {
        try (Stream<Path> paths = Files.walk(baseDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Tomcat's work directory " + baseDir, e);
        }
    }
}
