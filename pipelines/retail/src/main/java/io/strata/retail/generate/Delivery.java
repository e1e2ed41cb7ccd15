package io.strata.retail.generate;

import java.time.OffsetDateTime;
import java.util.List;

/** Something the payments topic delivers: an event, or a line that is not JSON. */
sealed interface Delivery {

  /**
   * A payment state change as published; fields may deviate from the payment's for defects.
   *
   * @param payment the payment whose silver row a valid event establishes
   * @param reasons every rule the event breaks; empty when valid
   */
  record Event(
      Payment payment,
      String paymentId,
      String orderId,
      String amount,
      String currency,
      String method,
      String status,
      OffsetDateTime at,
      List<String> reasons)
      implements Delivery {

    static Event of(Payment payment, String status, OffsetDateTime at) {
      return new Event(
          payment,
          payment.id,
          payment.orderId,
          payment.amount,
          payment.currency,
          payment.method,
          status,
          at,
          payment.reasons);
    }
  }

  /** A line that is not JSON. */
  record NotJson(String line) implements Delivery {}
}
