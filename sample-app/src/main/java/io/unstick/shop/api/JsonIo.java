package io.unstick.shop.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.unstick.shop.actions.ShopException;
import io.unstick.shop.actions.Validation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads request bodies and writes responses as JSON, with the shop's limits and error wording. */
public final class JsonIo {

    /** The largest request body the shop accepts: a cart add is a few dozen bytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private final ObjectMapper mapper;

    public JsonIo() {
        this.mapper = JsonMapper.builder()
                // Closing the servlet stream would finish the response before the container's end-of-request
                // work (a session store's commit) runs, letting the client's next request overtake it.
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // A quantity is a JSON number and a name a JSON string: "1" is not a number, 7 is not a name.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /**
     * The API's documented body type: a request that carries a body must say {@code Content-Type: application/json}
     * (parameters such as {@code charset} allowed), else 415. Also keeps cross-site HTML forms and "simple" cross-origin
     * requests, which cannot send that type without a CORS preflight, from driving the API.
     */
    public void requireJsonIfBody(HttpServletRequest request) {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (hasBody && !isJson(request.getContentType())) {
            throw new ShopException(415, request.getContentType() == null
                    ? "a body needs Content-Type: application/json"
                    : "the body must be application/json, not " + Validation.abbreviate(request.getContentType()));
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals("application/json");
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Reads a JSON object of the given shape, or refuses the request with a 4xx that says why. */
    public <T> T read(HttpServletRequest request, Class<T> type) throws IOException {
        requireJsonIfBody(request);
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if (body.length == 0) {
            throw ShopException.badRequest("a JSON body is required");
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (JacksonException e) {
            throw ShopException.badRequest(describe(e));
        }
        if (value == null) {
            throw ShopException.badRequest("a JSON object is required");
        }
        return value;
    }

    public void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        mapper.writeValue(response.getOutputStream(), body);
    }

    public void writeError(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, Map.of("error", message));
    }

    private static ShopException tooLarge() {
        return new ShopException(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    /** A message about the client's JSON that names the field, never our classes. */
    private static String describe(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            var where = e.getLocation();
            return where == null ? "malformed JSON"
                    : "malformed JSON at line " + where.getLineNr() + ", column " + where.getColumnNr();
        }
        String field = mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("."));
        return "field '" + field + "' has the wrong type";
    }
}
