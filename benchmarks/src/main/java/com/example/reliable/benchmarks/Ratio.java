package com.example.reliable.benchmarks;

/**
 * A row's ratio to another row, computed from the medians over the repetitions: this row's value (or
 * p99) divided by the other row's.
 *
 * @param to the other row's id
 * @param basis which number of both rows is divided
 */
public record Ratio(String to, Basis basis) {

    /** Which number a ratio divides. */
    public enum Basis {
        VALUE, P99
    }

    public static Ratio valueTo(String row) {
        return new Ratio(row, Basis.VALUE);
    }

    public static Ratio p99To(String row) {
        return new Ratio(row, Basis.P99);
    }
}
