package io.strata.ml;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * What the features and labels are computed from: customers, the order lines of placed orders
 * (gold.fact_order_lines) and failed payments. Every row carries its date, so "as of T" is a filter
 * on it.
 */
public record History(
    List<Customer> customers, List<Line> lines, List<FailedPayment> failedPayments)
    implements Serializable {

  public record Customer(String customerId, String country, String segment, LocalDate signupDate)
      implements Serializable {}

  public record Line(
      String orderId,
      String customerId,
      LocalDate orderDate,
      String channel,
      String productId,
      String categoryId,
      int quantity,
      double discount,
      double netEur,
      double grossEur)
      implements Serializable {}

  public record FailedPayment(String customerId, LocalDate date) implements Serializable {}

  public LocalDate firstDate() {
    return lines.stream()
        .map(Line::orderDate)
        .min(LocalDate::compareTo)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no order lines in gold.fact_order_lines: run the gold stage first"));
  }

  public LocalDate lastDate() {
    return lines.stream()
        .map(Line::orderDate)
        .max(LocalDate::compareTo)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no order lines in gold.fact_order_lines: run the gold stage first"));
  }
}
