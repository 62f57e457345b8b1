package com.example.reliable.order.orders;

import java.util.List;

import com.example.reliable.common.OrderInvariants;
import com.example.reliable.common.OrderLine;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /orders}. Its limits on lines and quantities are the order events' own
 * ({@link OrderInvariants}, {@link OrderLine}): an order accepted here always makes events every
 * consumer can apply.
 */
record PlaceOrderRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE, message = NO_CONTROL) String customerId,
        @NotEmpty @Size(max = OrderInvariants.MAX_LINES) List<@NotNull @Valid LineRequest> lines,
        @NotNull @Valid AddressRequest shippingAddress) {

    /** Text without control characters (NUL, escape, line breaks, ...). */
    static final String PRINTABLE = "[^\\p{Cntrl}]*";
    static final String NO_CONTROL = "must not contain control characters";

    record LineRequest(@NotBlank @Size(max = 64) @Pattern(regexp = PRINTABLE, message = NO_CONTROL) String productId,
            @Min(1) @Max(OrderLine.MAX_QUANTITY) int quantity) {
    }

    record AddressRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = PRINTABLE, message = NO_CONTROL) String street,
            @NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE, message = NO_CONTROL) String city,
            @NotBlank @Size(max = 20) @Pattern(regexp = PRINTABLE, message = NO_CONTROL) String postalCode,
            @NotBlank @Size(max = 60) @Pattern(regexp = PRINTABLE, message = NO_CONTROL) String country) {
    }
}
