package io.strata.retail.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One day of orders, order lines and payments, streamed to that day's files: the planted demand,
 * orders by unknown customers, cancellations of earlier orders, then the day's defects copied from
 * a small sample of its valid orders.
 */
final class OrderDay {
  private final Rng defectRng;
  private final Rng cancelRng;
  private final Population population;
  private final Demand demand;
  private final OrderMaker maker;
  private final PaymentDesk desk;
  private final Cancellations cancellations;
  private final DefectPlan plan;
  private final List<String> ghostIds;

  OrderDay(
      Rng defectRng,
      Rng cancelRng,
      Population population,
      Demand demand,
      OrderMaker maker,
      PaymentDesk desk,
      Cancellations cancellations,
      DefectPlan plan,
      List<String> ghostIds) {
    this.defectRng = defectRng;
    this.cancelRng = cancelRng;
    this.population = population;
    this.demand = demand;
    this.maker = maker;
    this.desk = desk;
    this.cancellations = cancellations;
    this.plan = plan;
    this.ghostIds = ghostIds;
  }

  void run(int day, LocalDate date, CsvTable orders, CsvTable lines, JsonTable payments)
      throws IOException {
    desk.startDay(day);
    List<Defect> orderDefects = new ArrayList<>(plan.on(day, Table.ORDERS));
    orderDefects.removeIf(defect -> defect == Defect.ORDER_UNKNOWN_CUSTOMER);
    List<Defect> lineDefects = plan.on(day, Table.ORDER_LINES);
    List<Defect> paymentDefects = plan.on(day, Table.PAYMENTS);
    Reservoir<PlacedOrder> samples =
        new Reservoir<>(
            orderDefects.size() + lineDefects.size() + paymentDefects.size(), defectRng);

    for (Demand.Buyer buyer : demand.decide(day, date)) {
      PlacedOrder order = maker.place(buyer.customer(), buyer.customer().id, buyer.at());
      if (order.valid()) {
        samples.offer(order);
        cancellations.consider(cancelRng, order, day);
      }
    }
    for (int i = 0; i < plan.count(day, Defect.ORDER_UNKNOWN_CUSTOMER); i++) {
      // Behaves like a known customer, but silver has no customer with this id.
      Customer template = population.anyKnown(defectRng, day);
      maker.place(
          template, defectRng.pick(ghostIds), Demand.time(defectRng, date, template.country));
    }
    cancellations.writeDue(day, date, cancelRng, orders, desk);
    if (!samples.isEmpty()) {
      int next = 0;
      for (Defect defect : orderDefects) {
        OrderDefects.writeOrder(defect, samples.get(next++), defectRng, orders);
      }
      for (Defect defect : lineDefects) {
        OrderDefects.writeLine(defect, samples.get(next++), defectRng, lines);
      }
      for (Defect defect : paymentDefects) {
        desk.deliverToday(PaymentDefects.create(defect, samples.get(next++), defectRng, desk));
      }
    }
    desk.writeDay(day, payments);
  }
}
