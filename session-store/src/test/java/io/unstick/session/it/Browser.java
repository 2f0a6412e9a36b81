package io.unstick.session.it;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** One user agent: remembers its JSESSIONID cookie across nodes, like a browser behind a balancer would. */
final class Browser {

    private String sessionId;

    Response get(TestNode node, String pathAndQuery) {
        return remember(request(node).get(TestNode.PATH + pathAndQuery));
    }

    Response postForm(TestNode node, String path, String... nameValues) {
        RequestSpecification spec = request(node).contentType("application/x-www-form-urlencoded");
        for (int i = 0; i < nameValues.length; i += 2) {
            spec = spec.formParam(nameValues[i], nameValues[i + 1]);
        }
        return remember(spec.post(TestNode.PATH + path));
    }

    private RequestSpecification request(TestNode node) {
        RequestSpecification spec = RestAssured.given().baseUri("http://127.0.0.1").port(node.port())
                .redirects().follow(false);
        return sessionId == null ? spec : spec.cookie("JSESSIONID", sessionId);
    }

    private Response remember(Response response) {
        String issued = response.getCookie("JSESSIONID");
        if (issued != null) {
            sessionId = issued;
        }
        return response;
    }

    String sessionId() {
        return sessionId;
    }

    /** Presents a chosen id, e.g. an old one after a rotation. */
    void useSessionId(String id) {
        this.sessionId = id;
    }
}
