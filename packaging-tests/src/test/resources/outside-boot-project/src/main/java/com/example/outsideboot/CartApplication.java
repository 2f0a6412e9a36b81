package com.example.outsideboot;

import jakarta.servlet.http.HttpSession;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** A shop's cart in the HTTP session: nothing in it knows about unstick. */
@SpringBootApplication
@RestController
public class CartApplication {

    public static void main(String[] args) {
        SpringApplication.run(CartApplication.class, args);
    }

    @PostMapping("/cart/{item}")
    public List<String> add(@PathVariable String item, HttpSession session) {
        List<String> cart = cart(session);
        cart.add(item);
        session.setAttribute("cart", cart); // set again: a changed attribute is written to the store
        return cart;
    }

    @GetMapping("/cart")
    public List<String> show(HttpSession session) {
        return cart(session);
    }

    @SuppressWarnings("unchecked")
    private static List<String> cart(HttpSession session) {
        List<String> cart = (List<String>) session.getAttribute("cart");
        return cart == null ? new ArrayList<>() : new ArrayList<>(cart);
    }
}
