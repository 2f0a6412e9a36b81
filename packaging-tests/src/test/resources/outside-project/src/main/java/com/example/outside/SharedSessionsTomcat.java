package com.example.outside;

import io.unstick.session.HazelcastSessionManager;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.nio.file.Files;

/** An embedded Tomcat whose sessions live in Hazelcast, configured with the Manager's documented properties. */
public final class SharedSessionsTomcat implements AutoCloseable {

    private final Tomcat tomcat;

    public SharedSessionsTomcat(String nodeName, int memberPort, String members) throws IOException, LifecycleException {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("outside-tomcat").toString());
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
        tomcat.stop();
        tomcat.destroy();
    }
}
