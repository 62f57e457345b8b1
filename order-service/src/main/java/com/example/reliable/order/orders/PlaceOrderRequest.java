package com.example.reliable.order.orders;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /orders}. */
record PlaceOrderRequest(
        @NotBlank @Size(max = 100) String customerId,
        @NotEmpty @Size(max = 50) List<@NotNull @Valid LineRequest> lines,
        @NotNull @Valid AddressRequest shippingAddress) {

    record LineRequest(@NotBlank @Size(max = 64) String productId, @Min(1) @Max(1000) int quantity) {
    }

    record AddressRequest(
            @NotBlank @Size(max = 200) String street,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String postalCode,
            @NotBlank @Size(max = 60) String country) {
    }
}
