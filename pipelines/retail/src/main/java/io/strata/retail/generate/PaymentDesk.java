package io.strata.retail.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Settles orders into payment events and delivers them as the topic would: in the file of their UTC
 * date (never before today's), some a day or two late, a few twice, in shuffled order. Events due
 * after the last day are never delivered.
 */
final class PaymentDesk {
  private static final String[] METHODS = {"card", "paypal", "bank_transfer"};
  private static final int MAX_PAYMENTS = 9_999_999;
  private static final double LATE = 0.03;
  private static final double REDELIVERED = 0.005;

  private final Rng rng;
  private final LocalDate start;
  private final List<List<Delivery>> byDay = new ArrayList<>();
  private int today;
  private int issued;

  PaymentDesk(Rng rng, LocalDate start, int days) {
    this.rng = rng;
    this.start = start;
    for (int day = 0; day < days; day++) {
      byDay.add(new ArrayList<>());
    }
  }

  void startDay(int day) {
    today = day;
  }

  String nextId() {
    if (++issued > MAX_PAYMENTS) {
      throw new IllegalStateException(
          "more than "
              + MAX_PAYMENTS
              + " payments: payment ids"
              + " have seven digits; generate fewer customers or days");
    }
    return String.format("PAY%07d", issued);
  }

  /** The order's payments: mostly one captured payment, sometimes a failure or a split. */
  List<Payment> settle(
      String orderId,
      BigDecimal total,
      String currency,
      Customer customer,
      OffsetDateTime orderedAt,
      List<String> reasons) {
    String method = rng.chance(0.8) ? METHODS[customer.preferredMethod] : rng.pickOf(METHODS);
    List<Payment> payments = new ArrayList<>();
    if (rng.chance(customer.paymentFailureRate)) {
      Payment failed = pay(orderId, total, currency, method, reasons, orderedAt, false);
      payments.add(failed);
      if (rng.chance(0.6)) {
        OffsetDateTime retry = orderedAt.plusMinutes(rng.between(45, 180));
        payments.add(pay(orderId, total, currency, method, reasons, retry, true));
      }
    } else if (total.compareTo(BigDecimal.valueOf(2)) >= 0 && rng.chance(0.04)) {
      BigDecimal half = total.divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
      payments.add(pay(orderId, half, currency, method, reasons, orderedAt, true));
      payments.add(
          pay(
              orderId,
              total.subtract(half),
              currency,
              rng.pickOf(METHODS),
              reasons,
              orderedAt,
              !rng.chance(0.3)));
    } else {
      payments.add(pay(orderId, total, currency, method, reasons, orderedAt, true));
    }
    return payments;
  }

  private Payment pay(
      String orderId,
      BigDecimal amount,
      String currency,
      String method,
      List<String> reasons,
      OffsetDateTime from,
      boolean succeeds) {
    Payment payment =
        new Payment(nextId(), orderId, amount.toPlainString(), currency, method, reasons);
    OffsetDateTime authorized = eventTime(from.plusSeconds(rng.between(30, 600)));
    schedule(Delivery.Event.of(payment, "authorized", authorized));
    if (succeeds) {
      long hours = "bank_transfer".equals(method) ? rng.between(24, 72) : rng.between(1, 36);
      payment.capturedAt = authorized.plusHours(hours).plusSeconds(rng.nextInt(3600));
      schedule(Delivery.Event.of(payment, "captured", payment.capturedAt));
    } else {
      schedule(Delivery.Event.of(payment, "failed", authorized.plusMinutes(rng.between(1, 30))));
    }
    return payment;
  }

  /** Providers stamp in UTC mostly, some in CET. */
  private OffsetDateTime eventTime(OffsetDateTime at) {
    return at.withOffsetSameInstant(rng.chance(0.8) ? ZoneOffset.UTC : ZoneOffset.ofHours(1));
  }

  /** A refund after the order is cancelled, always later than the capture. */
  void refund(Payment payment, OffsetDateTime cancelledAt) {
    OffsetDateTime earliest = payment.capturedAt.plusHours(1);
    OffsetDateTime at = cancelledAt.isAfter(earliest) ? cancelledAt : earliest;
    schedule(Delivery.Event.of(payment, "refunded", eventTime(at)));
  }

  private void schedule(Delivery.Event event) {
    int due = Math.max(today, dayOf(event.at()));
    if (rng.chance(LATE)) {
      due += rng.between(1, 2);
    }
    deliver(event, due);
    if (rng.chance(REDELIVERED)) {
      deliver(event, due + rng.between(0, 1));
    }
  }

  /** Defects are delivered today as they are. */
  void deliverToday(Delivery delivery) {
    deliver(delivery, today);
  }

  private void deliver(Delivery delivery, int day) {
    if (day < byDay.size()) {
      byDay.get(day).add(delivery);
    }
  }

  private int dayOf(OffsetDateTime at) {
    return (int) (Stamp.utcDate(at).toEpochDay() - start.toEpochDay());
  }

  /** Writes the day's deliveries in random order and forgets them. */
  void writeDay(int day, JsonTable table) throws IOException {
    List<Delivery> deliveries = byDay.get(day);
    rng.shuffle(deliveries);
    for (Delivery delivery : deliveries) {
      if (delivery instanceof Delivery.NotJson notJson) {
        table.writeNotJson(notJson.line());
      } else if (delivery instanceof Delivery.Event event) {
        boolean newKey = event.reasons().isEmpty() && !event.payment().inSilver;
        table.write(json -> write(event, json), event.reasons(), newKey);
        if (newKey) {
          event.payment().inSilver = true;
        }
      }
    }
    byDay.set(day, null);
  }

  private static void write(Delivery.Event event, JsonGenerator json) throws IOException {
    json.writeStringField("payment_id", event.paymentId());
    json.writeStringField("order_id", event.orderId());
    json.writeStringField("amount", event.amount());
    json.writeStringField("currency", event.currency());
    json.writeStringField("method", event.method());
    json.writeStringField("status", event.status());
    json.writeStringField("event_ts", Stamp.format(event.at()));
  }
}
