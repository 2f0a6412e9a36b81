package io.unstick.shop.api;

import io.unstick.shop.actions.ShopActions;

/** {@code POST /api/login} with {@code {"username"}}, and {@code POST /api/logout}. */
final class AccountApi {

    private AccountApi() {
    }

    static final class Login extends ApiServlet {
        private static final long serialVersionUID = 1L;

        Login(JsonIo json, ShopActions shop) {
            super(json);
            on("POST", request -> shop.login(request, json.read(request, Requests.Login.class).username()));
        }
    }

    static final class Logout extends ApiServlet {
        private static final long serialVersionUID = 1L;

        Logout(JsonIo json, ShopActions shop) {
            super(json);
            on("POST", request -> {
                shop.logout(request);
                return NO_CONTENT;
            });
        }
    }
}
