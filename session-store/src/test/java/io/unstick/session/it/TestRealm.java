package io.unstick.session.it;

import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;

import java.security.Principal;
import java.util.List;

/** One user, alice/secret, in role "user". */
final class TestRealm extends RealmBase {

    @Override
    protected String getPassword(String username) {
        return "alice".equals(username) ? "secret" : null;
    }

    @Override
    protected Principal getPrincipal(String username) {
        return "alice".equals(username) ? new GenericPrincipal(username, List.of("user")) : null;
    }
}
