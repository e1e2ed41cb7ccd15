package io.strata.ml;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Features of the retail sample's spec (pipelines/retail/SPEC.md) as of a window end T. Feature
 * code only ever sees rows dated before T ({@link #before}); labels look at [T, T + horizon) and
 * nothing else.
 */
public final class Features {
  /** The planted repurchase model counts orders over the 28 days before a date. */
  static final int RECENT_DAYS = 28;

  private Features() {}

  /**
   * Examples of {@code task} at {@code windowEnd}; labels are null unless the horizon ended by
   * {@code dataEnd}.
   */
  public static List<Example> examples(
      Task task, History h, LocalDate windowEnd, LocalDate dataEnd) {
    History past = before(h, windowEnd);
    boolean labelled = !windowEnd.plusDays(task.horizonDays()).isAfter(dataEnd.plusDays(1));
    return task == Task.REPURCHASE
        ? repurchase(h, past, windowEnd, labelled)
        : weeklyUnits(h, past, windowEnd, labelled);
  }

  /**
   * The history restricted to rows dated strictly before {@code t}; customers that signed up before
   * t.
   */
  static History before(History h, LocalDate t) {
    return new History(
        h.customers().stream().filter(c -> c.signupDate().isBefore(t)).toList(),
        h.lines().stream().filter(l -> l.orderDate().isBefore(t)).toList(),
        h.failedPayments().stream().filter(p -> p.date().isBefore(t)).toList());
  }

  private static List<Example> repurchase(
      History all, History past, LocalDate t, boolean labelled) {
    Map<String, List<History.Line>> linesByCustomer = new HashMap<>();
    past.lines()
        .forEach(
            l -> linesByCustomer.computeIfAbsent(l.customerId(), k -> new ArrayList<>()).add(l));
    Map<String, Integer> failed = new HashMap<>();
    past.failedPayments().forEach(p -> failed.merge(p.customerId(), 1, Integer::sum));
    Set<String> buyersInHorizon = new HashSet<>();
    LocalDate horizonEnd = t.plusDays(Task.REPURCHASE.horizonDays());
    for (History.Line l : all.lines()) {
      if (!l.orderDate().isBefore(t) && l.orderDate().isBefore(horizonEnd)) {
        buyersInHorizon.add(l.customerId());
      }
    }
    List<Example> out = new ArrayList<>();
    for (History.Customer c : past.customers()) {
      List<History.Line> lines = linesByCustomer.get(c.customerId());
      if (lines == null) {
        continue;
      }
      Map<String, LocalDate> orders = new HashMap<>();
      Map<String, String> channelOf = new HashMap<>();
      double net = 0;
      double discount = 0;
      for (History.Line l : lines) {
        orders.put(l.orderId(), l.orderDate());
        channelOf.put(l.orderId(), l.channel());
        net += l.netEur();
        discount += l.discount();
      }
      LocalDate last = orders.values().stream().max(LocalDate::compareTo).orElseThrow();
      long recent =
          orders.values().stream().filter(d -> !d.isBefore(t.minusDays(RECENT_DAYS))).count();
      SortedMap<String, Double> f = new TreeMap<>();
      f.put("recency_days", (double) ChronoUnit.DAYS.between(last, t));
      f.put("orders", (double) orders.size());
      f.put("orders_last_28d", (double) recent);
      f.put("log_net_eur", Math.log1p(Math.max(0, net)));
      f.put("log_avg_order_net_eur", Math.log1p(Math.max(0, net / orders.size())));
      f.put("tenure_years", ChronoUnit.DAYS.between(c.signupDate(), t) / 365.25);
      f.put("avg_discount", discount / lines.size());
      f.put("failed_payments", (double) failed.getOrDefault(c.customerId(), 0));
      f.put("segment=" + c.segment(), 1.0);
      f.put("country=" + c.country(), 1.0);
      for (String channel : List.of("web", "store", "app")) {
        f.put(
            "channel_share=" + channel,
            channelOf.values().stream().filter(channel::equals).count() / (double) orders.size());
      }
      Double label = labelled ? (buyersInHorizon.contains(c.customerId()) ? 1.0 : 0.0) : null;
      out.add(new Example(c.customerId(), t, f, label));
    }
    return out;
  }

  private static List<Example> weeklyUnits(
      History all, History past, LocalDate t, boolean labelled) {
    Map<String, List<History.Line>> byProduct = new TreeMap<>();
    past.lines()
        .forEach(l -> byProduct.computeIfAbsent(l.productId(), k -> new ArrayList<>()).add(l));
    Map<String, Integer> unitsInHorizon = new HashMap<>();
    LocalDate horizonEnd = t.plusDays(Task.WEEKLY_UNITS.horizonDays());
    for (History.Line l : all.lines()) {
      if (!l.orderDate().isBefore(t) && l.orderDate().isBefore(horizonEnd)) {
        unitsInHorizon.merge(l.productId(), l.quantity(), Integer::sum);
      }
    }
    List<Example> out = new ArrayList<>();
    for (Map.Entry<String, List<History.Line>> e : byProduct.entrySet()) {
      List<History.Line> lines = e.getValue();
      double units = 0;
      double last7 = 0;
      double last28 = 0;
      double gross = 0;
      LocalDate first = t;
      for (History.Line l : lines) {
        units += l.quantity();
        gross += l.grossEur();
        if (!l.orderDate().isBefore(t.minusDays(7))) {
          last7 += l.quantity();
        }
        if (!l.orderDate().isBefore(t.minusDays(RECENT_DAYS))) {
          last28 += l.quantity();
        }
        if (l.orderDate().isBefore(first)) {
          first = l.orderDate();
        }
      }
      double weeks = Math.max(1, ChronoUnit.DAYS.between(first, t) / 7.0);
      SortedMap<String, Double> f = new TreeMap<>();
      f.put("units_last_7d", last7);
      f.put("units_last_28d", last28);
      f.put("units_per_week", units / weeks);
      f.put("weeks_on_sale", weeks);
      f.put("log_unit_price_eur", Math.log(Math.max(0.01, gross / units)));
      f.put("category=" + lines.get(0).categoryId(), 1.0);
      Double label = labelled ? (double) unitsInHorizon.getOrDefault(e.getKey(), 0) : null;
      out.add(new Example(e.getKey(), t, f, label));
    }
    return out;
  }
}
