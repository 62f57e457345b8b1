package com.example.reliable.inventory.stock;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The stock as it is now, read-only: {@code GET /products} and {@code GET /products/{id}}, an
 * unknown id answered with a 404 problem. Stock changes only through order events.
 */
@RestController
@RequestMapping("/products")
@Tag(name = "Stock", description = "Stock levels, changed only by order events")
class ProductController {

    private final Stock stock;

    ProductController(Stock stock) {
        this.stock = stock;
    }

    @GetMapping
    @Operation(summary = "Every product and its stock")
    List<Product> all() {
        return stock.all();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One product and its stock")
    Product one(@PathVariable String id) {
        return stock.find(id).orElseThrow(() -> new NotFoundException("Product", id));
    }
}
