package io.unstick.shop.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.unstick.shop.health.Readiness;

/**
 * {@code GET /health}: liveness, {@code {"status":"UP","node":"node1"}} whenever the node answers at all.
 * {@code GET /health/ready}: readiness, 200 with the same body when the node can serve sessions, else 503
 * {@code {"status":"DOWN","node":"node1","reason":"..."}}; what the balancer's active health check asks.
 */
final class HealthApi {

    private HealthApi() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Health(String status, String node, String reason) {
    }

    static final class Liveness extends ApiServlet {
        private static final long serialVersionUID = 1L;

        Liveness(JsonIo json, String nodeName) {
            super(json);
            Health up = new Health("UP", nodeName, null);
            on("GET", request -> up);
            on("HEAD", request -> NO_CONTENT);
        }
    }

    static final class Ready extends ApiServlet {
        private static final long serialVersionUID = 1L;

        Ready(JsonIo json, String nodeName, Readiness readiness) {
            super(json);
            Health up = new Health("UP", nodeName, null);
            on("GET", request -> {
                Readiness.Status status = readiness.check();
                if (status.ready()) {
                    return up;
                }
                return new Answer(503, new Health("DOWN", nodeName, status.reason()));
            });
            on("HEAD", request -> readiness.check().ready() ? NO_CONTENT : new Answer(503, null));
        }
    }
}
