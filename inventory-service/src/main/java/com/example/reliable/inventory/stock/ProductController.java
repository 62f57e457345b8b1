package com.example.reliable.inventory.stock;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stock as it is now, read-only: {@code GET /products} and {@code GET /products/{id}}, an
 * unknown id answered with a 404 problem. Stock changes only through order events.
 */
@RestController
@RequestMapping("/products")
class ProductController {

    private final Stock stock;

    ProductController(Stock stock) {
        this.stock = stock;
    }

    @GetMapping
    List<Product> all() {
        return stock.all();
    }

    @GetMapping("/{id}")
    Product one(@PathVariable String id) {
        return stock.find(id).orElseThrow(() -> new NotFoundException("Product", id));
    }
}
