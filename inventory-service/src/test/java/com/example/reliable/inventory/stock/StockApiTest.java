package com.example.reliable.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The REST contract of the stock view: products and reservations as JSON, an unknown id as an
 * RFC 9457 problem with status 404.
 */
@WebMvcTest({ ProductController.class, ReservationController.class })
class StockApiTest {

    @Autowired MockMvcTester mvc;
    @MockitoBean Stock stock;
    @MockitoBean Reservations reservations;

    @Test
    void listsEveryProductWithItsStock() {
        given(stock.all()).willReturn(List.of(new Product("SKU-1", "Espresso beans, 1 kg", 100),
                new Product("SKU-5", "Limited edition grinder", 3)));

        assertThat(mvc.get().uri("/products")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                [{"id":"SKU-1","name":"Espresso beans, 1 kg","stock":100},
                 {"id":"SKU-5","name":"Limited edition grinder","stock":3}]""");
    }

    @Test
    void showsOneProduct() {
        given(stock.find("SKU-5")).willReturn(Optional.of(new Product("SKU-5", "Limited edition grinder", 3)));

        assertThat(mvc.get().uri("/products/SKU-5")).hasStatusOk().bodyJson()
                .isStrictlyEqualTo("{\"id\":\"SKU-5\",\"name\":\"Limited edition grinder\",\"stock\":3}");
    }

    @Test
    void unknownProductIsA404Problem() {
        given(stock.find("SKU-404")).willReturn(Optional.empty());

        assertThat(mvc.get().uri("/products/SKU-404")).hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyJson().isLenientlyEqualTo("""
                        {"status":404,"title":"Product not found","detail":"There is no product SKU-404.",
                         "instance":"/products/SKU-404"}""");
    }

    @Test
    void showsWhatAnOrderDidToTheStock() {
        Instant at = Instant.parse("2026-01-01T10:00:00Z");
        given(reservations.find(42)).willReturn(Optional.of(new Reservation(42, ReservationStatus.RESERVED, "fp-1", at, at)));

        assertThat(mvc.get().uri("/reservations/42")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"orderId":42,"status":"RESERVED","fingerprint":"fp-1","createdAt":"2026-01-01T10:00:00Z"}""");
    }

    @Test
    void unknownReservationIsA404Problem() {
        given(reservations.find(43)).willReturn(Optional.empty());

        assertThat(mvc.get().uri("/reservations/43")).hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyJson().extractingPath("$.title")
                .isEqualTo("Reservation not found");
    }
}
