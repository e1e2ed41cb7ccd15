package io.strata.retail.generate;

import java.time.OffsetDateTime;
import java.util.List;

/** One payment of an order; its events share its id, amount, currency and method. */
final class Payment {
  final String id;
  final String orderId;
  final String amount;
  final String currency;
  final String method;

  /** Why each of its events will be rejected: its order's cascade, if any. */
  final List<String> reasons;

  /** Set when a captured event exists, so a cancellation can refund it later. */
  OffsetDateTime capturedAt;

  /** Whether a valid event of this payment has been written, so silver has its row. */
  boolean inSilver;

  Payment(
      String id,
      String orderId,
      String amount,
      String currency,
      String method,
      List<String> reasons) {
    this.id = id;
    this.orderId = orderId;
    this.amount = amount;
    this.currency = currency;
    this.method = method;
    this.reasons = reasons;
  }
}
