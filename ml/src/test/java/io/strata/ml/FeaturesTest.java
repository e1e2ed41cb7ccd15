package io.strata.ml;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.Test;

public class FeaturesTest {
  private static final History HISTORY = Fixtures.history(7, 200, 70);
  private static final LocalDate T = Fixtures.START.plusWeeks(5);
  private static final LocalDate DATA_END = Fixtures.START.plusDays(69);

  @Test
  public void changingAnyRowDatedAtOrAfterTheWindowEndChangesNoFeature() {
    History tampered = tamperFrom(HISTORY, T);
    for (Task task : Task.values()) {
      Map<String, Example> before = byId(Features.examples(task, HISTORY, T, DATA_END));
      Map<String, Example> after = byId(Features.examples(task, tampered, T, DATA_END));
      assertEquals(task + ": same entities", before.keySet(), after.keySet());
      before.forEach(
          (id, e) -> assertEquals(task + " " + id, e.features(), after.get(id).features()));
      assertTrue(
          task + ": the tampering reached the labels, so the test has teeth",
          before.values().stream().anyMatch(e -> !e.label().equals(after.get(e.id()).label())));
    }
  }

  @Test
  public void repurchaseLabelIsAnOrderWithinFourteenDaysOfTheWindowEnd() {
    Map<String, Example> examples = byId(Features.examples(Task.REPURCHASE, HISTORY, T, DATA_END));
    for (Example e : examples.values()) {
      boolean ordered =
          HISTORY.lines().stream()
              .anyMatch(
                  l ->
                      l.customerId().equals(e.id())
                          && !l.orderDate().isBefore(T)
                          && l.orderDate().isBefore(T.plusDays(14)));
      assertEquals(e.id(), ordered ? 1.0 : 0.0, e.label(), 0);
    }
  }

  @Test
  public void weeklyUnitsLabelSumsQuantityOfTheSevenDaysFromTheWindowEnd() {
    Map<String, Example> examples =
        byId(Features.examples(Task.WEEKLY_UNITS, HISTORY, T, DATA_END));
    for (Example e : examples.values()) {
      int units =
          HISTORY.lines().stream()
              .filter(
                  l ->
                      l.productId().equals(e.id())
                          && !l.orderDate().isBefore(T)
                          && l.orderDate().isBefore(T.plusDays(7)))
              .mapToInt(History.Line::quantity)
              .sum();
      assertEquals(e.id(), units, e.label(), 0);
    }
  }

  @Test
  public void onlyCustomersWithAnOrderBeforeTheWindowEndAreExamples() {
    List<Example> examples = Features.examples(Task.REPURCHASE, HISTORY, T, DATA_END);
    for (Example e : examples) {
      assertTrue(
          HISTORY.lines().stream()
              .anyMatch(l -> l.customerId().equals(e.id()) && l.orderDate().isBefore(T)));
    }
    long buyers =
        HISTORY.lines().stream()
            .filter(l -> l.orderDate().isBefore(T))
            .map(History.Line::customerId)
            .distinct()
            .count();
    assertEquals(buyers, examples.size());
  }

  @Test
  public void recencyFrequencyAndSegmentAreComputedFromThePast() {
    Example e = Features.examples(Task.REPURCHASE, HISTORY, T, DATA_END).get(0);
    List<History.Line> past =
        HISTORY.lines().stream()
            .filter(l -> l.customerId().equals(e.id()) && l.orderDate().isBefore(T))
            .toList();
    LocalDate last =
        past.stream().map(History.Line::orderDate).max(LocalDate::compareTo).orElseThrow();
    assertEquals(
        (double) java.time.temporal.ChronoUnit.DAYS.between(last, T),
        e.features().get("recency_days"),
        0);
    assertEquals(
        (double) past.stream().map(History.Line::orderId).distinct().count(),
        e.features().get("orders"),
        0);
    assertEquals(
        1.0,
        e.features()
            .get(
                "segment="
                    + HISTORY.customers().stream()
                        .filter(c -> c.customerId().equals(e.id()))
                        .findFirst()
                        .orElseThrow()
                        .segment()),
        0);
  }

  @Test
  public void labelsAreUnknownWhenTheHorizonPassesTheData() {
    LocalDate late = DATA_END.minusDays(5);
    Features.examples(Task.REPURCHASE, HISTORY, late, DATA_END).forEach(e -> assertNull(e.label()));
    assertFalse(
        Features.examples(Task.WEEKLY_UNITS, HISTORY, DATA_END.minusDays(6), DATA_END).isEmpty());
    Features.examples(Task.WEEKLY_UNITS, HISTORY, DATA_END.minusDays(6), DATA_END)
        .forEach(e -> assertEquals(Double.class, e.label().getClass()));
  }

  /**
   * Every row dated at or after t altered: quantities, discounts, channels, new orders by everyone,
   * failed payments.
   */
  private static History tamperFrom(History h, LocalDate t) {
    List<History.Line> lines = new ArrayList<>();
    for (History.Line l : h.lines()) {
      lines.add(
          l.orderDate().isBefore(t)
              ? l
              : new History.Line(
                  l.orderId(),
                  l.customerId(),
                  l.orderDate(),
                  "app",
                  l.productId(),
                  l.categoryId(),
                  l.quantity() + 5,
                  0.5,
                  l.netEur() * 3,
                  l.grossEur() * 3));
    }
    for (History.Customer c : h.customers()) {
      lines.add(
          new History.Line(
              "X" + c.customerId(),
              c.customerId(),
              t,
              "store",
              "P00001",
              "CAT-01",
              9,
              0.9,
              999,
              999));
    }
    List<History.FailedPayment> failed = new ArrayList<>(h.failedPayments());
    h.customers().forEach(c -> failed.add(new History.FailedPayment(c.customerId(), t)));
    List<History.Customer> customers = new ArrayList<>(h.customers());
    customers.add(new History.Customer("C999999", "DE", "consumer", t));
    return new History(customers, lines, failed);
  }

  private static Map<String, Example> byId(List<Example> examples) {
    return examples.stream().collect(Collectors.toMap(Example::id, Function.identity()));
  }
}
