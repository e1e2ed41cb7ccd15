package io.strata.retail.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Some valid orders are cancelled one to seven days later: the same row with status cancelled in a
 * later orders file (it wins de-duplication), and refunds for what was captured.
 */
final class Cancellations {
  private static final double RATE = 0.02;
  private static final int MAX_DELAY_DAYS = 7;

  private record Pending(List<String> row, List<Payment> payments, Country country) {}

  private final List<List<Pending>> byDay = new ArrayList<>();

  Cancellations(int days) {
    for (int day = 0; day < days; day++) {
      byDay.add(new ArrayList<>());
    }
  }

  void consider(Rng rng, PlacedOrder order, int day) {
    if (!rng.chance(RATE)) {
      return;
    }
    int due = day + rng.between(1, MAX_DELAY_DAYS);
    if (due < byDay.size()) {
      byDay.get(due).add(new Pending(order.row(), order.payments(), order.customer().country));
    }
  }

  void writeDue(int day, LocalDate date, Rng rng, CsvTable orders, PaymentDesk desk)
      throws IOException {
    for (Pending pending : byDay.get(day)) {
      List<String> row = new ArrayList<>(pending.row());
      row.set(OrderMaker.STATUS, "cancelled");
      orders.write(row, List.of(), false);
      OffsetDateTime cancelledAt = Stamp.randomTime(rng, date, pending.country().offset);
      for (Payment payment : pending.payments()) {
        if (payment.capturedAt != null) {
          desk.refund(payment, cancelledAt);
        }
      }
    }
    byDay.set(day, null);
  }
}
