package io.unstick.lab.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The shop's product ids, read once through the balancer before virtual shoppers start. */
public final class Catalog {

    private Catalog() {
    }

    /** @throws IllegalStateException when the shop answers anything but a non-empty product list */
    public static List<String> productIds(HttpClient http, URI shop, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(shop.resolve("/api/products")).timeout(timeout).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /api/products answered " + response.statusCode() + ": " + response.body());
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode product : new ObjectMapper().readTree(response.body())) {
                ids.add(product.path("id").asText());
            }
            if (ids.isEmpty()) {
                throw new IllegalStateException("the shop lists no products, so shoppers cannot fill carts");
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog through the balancer: " + e.getMessage(), e);
        }
    }
}
