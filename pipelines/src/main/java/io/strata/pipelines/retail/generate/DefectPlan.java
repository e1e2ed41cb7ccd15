package io.strata.pipelines.retail.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Which defects land on which day: spread at random over every day after the first. */
final class DefectPlan {
  private final List<List<Defect>> byDay = new ArrayList<>();

  DefectPlan(Rng rng, int days, int scale) {
    for (int day = 0; day < days; day++) {
      byDay.add(new ArrayList<>());
    }
    for (Defect defect : Defect.values()) {
      for (int i = 0; i < defect.perRun * scale; i++) {
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
