package io.unstick.shop.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The products on sale, loaded once from {@code catalog.json} on the class path. Immutable. */
public final class Catalog {

    private static final String RESOURCE = "/catalog.json";

    private final List<Product> ordered;
    private final Map<String, Product> byId;

    public Catalog(List<Product> products) {
        Map<String, Product> map = new LinkedHashMap<>();
        for (Product product : products) {
            if (map.putIfAbsent(product.id(), product) != null) {
                throw new IllegalArgumentException("duplicate product id in the catalog: " + product.id());
            }
        }
        this.byId = Map.copyOf(map);
        this.ordered = List.copyOf(products);
    }

    public static Catalog load(ObjectMapper json) {
        try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the catalog resource " + RESOURCE + " is missing from the class path");
            }
            return new Catalog(json.readValue(in, new TypeReference<List<Product>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog " + RESOURCE, e);
        }
    }

    public List<Product> products() {
        return ordered;
    }

    public Optional<Product> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }
}
