package io.unstick.spring.boot.it;

import jakarta.servlet.http.HttpSession;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The smallest application with session state: it counts a visitor's requests in the HTTP session. */
@SpringBootApplication
@RestController
public class VisitsApplication {

    @GetMapping("/visits")
    public String visits(HttpSession session) {
        Integer visits = (Integer) session.getAttribute("visits");
        int now = visits == null ? 1 : visits + 1;
        session.setAttribute("visits", now);
        return String.valueOf(now);
    }
}
