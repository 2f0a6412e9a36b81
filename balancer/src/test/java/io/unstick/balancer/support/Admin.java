package io.unstick.balancer.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Admin API calls as curl or the lab make them: writes declare {@code Content-Type: application/json}. */
public final class Admin {

    private Admin() {
    }

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }
}
