package io.unstick.session.it;

import com.hazelcast.core.Hazelcast;
import io.restassured.RestAssured;
import io.unstick.session.HazelcastSessionManager;
import io.unstick.testsupport.FreePorts;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Two contexts of one Tomcat naming the same instance share it; it shuts down with the last of them. */
class SharedInstanceIT {

    private static final String INSTANCE = "shared-instance-it";

    @Test
    void contextsShareOneInstanceWhichStopsWithTheLastOfThem(@TempDir Path base) throws Exception {
        int memberPort = FreePorts.next();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getEngine().setName("shared-instance");
        Context one = context(tomcat, base, "/one", memberPort);
        Context two = context(tomcat, base, "/two", memberPort);
        tomcat.start();
        try {
            int port = tomcat.getConnector().getLocalPort();
            assertThat(Hazelcast.getHazelcastInstanceByName(INSTANCE)).isNotNull();
            assertThat(((HazelcastSessionManager) one.getManager()).getMapName()).isNull(); // default per context

            one.stop();

            assertThat(Hazelcast.getHazelcastInstanceByName(INSTANCE).getLifecycleService().isRunning()).isTrue();
            String cookie = RestAssured.given().port(port).get("/two/api/set?create&name=k&value=v")
                    .then().statusCode(200).extract().cookie("JSESSIONID");
            assertThat(RestAssured.given().port(port).cookie("JSESSIONID", cookie).get("/two/api/get?name=k")
                    .asString()).isEqualTo("v");
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
        assertThat(Hazelcast.getHazelcastInstanceByName(INSTANCE)).isNull();
    }

    private static Context context(Tomcat tomcat, Path base, String path, int memberPort) throws Exception {
        Context context = tomcat.addContext(path, Files.createDirectories(base.resolve(path.substring(1))).toString());
        HazelcastSessionManager manager = new HazelcastSessionManager();
        manager.setClusterName("shared-instance-it");
        manager.setMembers("127.0.0.1:" + memberPort);
        manager.setMemberPort(memberPort);
        manager.setHazelcastInstanceName(INSTANCE);
        context.setManager(manager);
        context.addServletContainerInitializer(new TestApp(path), null);
        return context;
    }
}
