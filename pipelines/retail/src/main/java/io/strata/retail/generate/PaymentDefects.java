package io.strata.retail.generate;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Defective payment deliveries: later events of a valid order's payment with one bad field,
 * payments for orders that never exist, and lines that are not JSON.
 */
final class PaymentDefects {
  private PaymentDefects() {}

  static Delivery create(Defect defect, PlacedOrder sample, Rng rng, PaymentDesk desk) {
    Payment payment = sample.payments().get(0);
    OffsetDateTime at = sample.at().plusMinutes(rng.between(30, 300));
    Delivery.Event event = Delivery.Event.of(payment, "captured", at);
    return switch (defect) {
      case PAYMENT_ID_PATTERN ->
          new Delivery.Event(
              payment,
              "PAY" + payment.id.substring(5),
              payment.orderId,
              payment.amount,
              payment.currency,
              payment.method,
              "captured",
              at,
              defect.reasons);
      case PAYMENT_AMOUNT_RANGE ->
          withAmount(event, rng.pickOf("0.00", "-" + payment.amount), defect.reasons);
      case PAYMENT_AMOUNT_TYPE -> withAmount(event, rng.pickOf("n/a", "12.3.4"), defect.reasons);
      case PAYMENT_CURRENCY_ALLOWED ->
          new Delivery.Event(
              payment,
              payment.id,
              payment.orderId,
              payment.amount,
              rng.pickOf("CHF", "JPY"),
              payment.method,
              "captured",
              at,
              defect.reasons);
      case PAYMENT_METHOD_ALLOWED ->
          new Delivery.Event(
              payment,
              payment.id,
              payment.orderId,
              payment.amount,
              payment.currency,
              rng.pickOf("cash", "voucher"),
              "captured",
              at,
              defect.reasons);
      case PAYMENT_STATUS_ALLOWED ->
          new Delivery.Event(
              payment,
              payment.id,
              payment.orderId,
              payment.amount,
              payment.currency,
              payment.method,
              rng.pickOf("pending", "settled"),
              at,
              defect.reasons);
      case PAYMENT_UNKNOWN_ORDER ->
          Delivery.Event.of(
              new Payment(
                  desk.nextId(),
                  OrderDefects.unknownOrder(rng),
                  payment.amount,
                  payment.currency,
                  payment.method,
                  defect.reasons),
              "captured",
              at);
      case PAYMENT_NOT_JSON ->
          new Delivery.NotJson(
              rng.chance(0.5)
                  ? "{\"payment_id\":\"" + payment.id + "\",\"order_id\":"
                  : payment.id + "," + payment.orderId + "," + payment.amount);
      default -> throw new IllegalArgumentException("not a payment defect: " + defect);
    };
  }

  private static Delivery.Event withAmount(
      Delivery.Event event, String amount, List<String> reasons) {
    return new Delivery.Event(
        event.payment(),
        event.paymentId(),
        event.orderId(),
        amount,
        event.currency(),
        event.method(),
        event.status(),
        event.at(),
        reasons);
  }
}
