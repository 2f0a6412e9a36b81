package io.unstick.spring.boot.it;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Boot instances of {@link VisitsApplication} on loopback, each with a Hazelcast member, joined by TCP-IP. */
final class BootNodes {

    private BootNodes() {
    }

    static ConfigurableApplicationContext start(String name, int memberPort, String members) {
        return new SpringApplicationBuilder(VisitsApplication.class).run(
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--server.tomcat.basedir=target/tomcat-" + name, // else a tomcat.0.* folder in /tmp outlives each run
                "--unstick.session.cluster-name=boot-it",
                "--unstick.session.members=" + members,
                "--unstick.session.member-port=" + memberPort,
                "--unstick.session.jvm-route=" + name,
                "--management.endpoints.web.exposure.include=health,metrics",
                "--management.endpoint.health.show-details=always");
    }

    static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }
}
