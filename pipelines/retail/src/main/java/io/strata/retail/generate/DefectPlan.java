package io.strata.retail.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which defects land on which day: spread at random over every day after the first. The default
 * config gets each defect's per-run count; larger runs get proportionally more, product defects in
 * proportion to the catalogue, all others to the customer base.
 */
final class DefectPlan {
  private static final int DEFAULT_CUSTOMERS = 2000;
  private static final int DEFAULT_PRODUCTS = 300;

  private final List<List<Defect>> byDay = new ArrayList<>();

  DefectPlan(Rng rng, GeneratorConfig config) {
    int days = config.days();
    for (int day = 0; day < days; day++) {
      byDay.add(new ArrayList<>());
    }
    int customerScale = Math.max(1, config.customers() / DEFAULT_CUSTOMERS);
    int productScale = Math.max(1, config.products() / DEFAULT_PRODUCTS);
    for (Defect defect : Defect.values()) {
      int count = defect.perRun * (defect.table == Table.PRODUCTS ? productScale : customerScale);
      for (int i = 0; i < count; i++) {
        byDay.get(rng.between(1, days - 1)).add(defect);
      }
    }
    byDay.forEach(defects -> defects.sort(Comparator.naturalOrder()));
  }

  List<Defect> on(int day, Table table) {
    return byDay.get(day).stream().filter(defect -> defect.table == table).toList();
  }

  long count(int day, Defect defect) {
    return byDay.get(day).stream().filter(planned -> planned == defect).count();
  }
}
