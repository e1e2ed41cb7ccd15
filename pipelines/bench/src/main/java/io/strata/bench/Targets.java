package io.strata.bench;

import io.strata.bench.BenchReport.Result;
import io.strata.bench.BenchReport.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The performance targets, judged on what one bench run measured. */
final class Targets {
  static final long AT_SIZE = 1_000_000;

  private Targets() {}

  static List<Target> evaluate(
      List<Result> results,
      List<Long> sizes,
      MedallionComparison.@Nullable Result medallion,
      List<MlComparison.Result> ml) {
    Optional<Long> large = sizes.stream().filter(s -> s >= AT_SIZE).min(Long::compare);
    long largest = sizes.stream().max(Long::compare).orElse(0L);
    List<Target> out = new ArrayList<>();
    out.add(
        ratio(
            results,
            large,
            "strata-flink",
            true,
            0.5,
            "Strata bronze on the FlinkRunner at least 0.5x the COPY ceiling at 1M lines"));
    out.add(
        ratio(
            results,
            large,
            "strata-direct",
            true,
            0.3,
            "Strata bronze on the DirectRunner at least 0.3x the COPY ceiling at 1M lines"));
    out.add(
        ratio(
            results,
            Optional.of(largest),
            "strata-direct",
            false,
            10,
            "Strata bronze (DirectRunner) at least 10x pandas to_sql"));
    out.add(
        ratio(
            results,
            Optional.of(largest),
            "strata-flink",
            false,
            10,
            "Strata bronze (FlinkRunner) at least 10x pandas to_sql"));
    for (String strata : List.of("strata-direct", "strata-flink")) {
      out.add(rssGrowth(results, sizes, strata));
    }
    out.add(medallion(medallion));
    out.add(ml(ml));
    return out;
  }

  private static Target ratio(
      List<Result> results,
      Optional<Long> size,
      String contender,
      boolean toCeiling,
      double bound,
      String target) {
    if (size.isEmpty()) {
      return new Target(target, "needs a size of at least " + AT_SIZE + " lines", null);
    }
    Optional<Result> r =
        results.stream()
            .filter(x -> x.size() == size.get() && x.contender().equals(contender))
            .findFirst();
    Double ratio = r.map(x -> toCeiling ? x.toCeiling() : x.toPeer()).orElse(null);
    if (ratio == null) {
      return new Target(
          target,
          "not measured at " + size.get() + " lines (a contender missing or invalid)",
          null);
    }
    return new Target(
        target, String.format("%.3fx at %d lines", ratio, size.get()), ratio >= bound);
  }

  private static Target medallion(MedallionComparison.@Nullable Result m) {
    String target = "the whole medallion within 3x of the same work as hand-written SQL";
    if (m == null) {
      return new Target(target, "not measured", null);
    }
    if (!m.goldDifferences().isEmpty()) {
      return new Target(
          target, "gold differs in " + m.goldDifferences() + ": not the same work", false);
    }
    double ratio = m.strataMedian() / m.sqlMedian();
    return new Target(
        target,
        String.format(
            "%.2fx (%.1f s against %.1f s at %d lines)",
            ratio, m.strataMedian(), m.sqlMedian(), m.size()),
        ratio <= 3);
  }

  private static Target ml(List<MlComparison.Result> ml) {
    String target = "Tribuo fit within 2x of scikit-learn at an AUC within 0.01";
    if (ml.size() < 2) {
      return new Target(target, "not measured", null);
    }
    MlComparison.Result tribuo = ml.get(0);
    MlComparison.Result sklearn = ml.get(1);
    double slower = tribuo.medianFitSeconds() / sklearn.medianFitSeconds();
    double aucGap = tribuo.auc() - sklearn.auc();
    double slowerCold = tribuo.firstFitSeconds() / sklearn.firstFitSeconds();
    return new Target(
        target,
        String.format(
            "warm fit %.2fx scikit-learn's (first, cold fit %.2fx), AUC %+.4f",
            slower, slowerCold, aucGap),
        slower <= 2 && Math.abs(aucGap) <= 0.01);
  }

  /** Peak RSS at 10x the input over peak RSS at the input, for the first such pair of sizes. */
  private static Target rssGrowth(List<Result> results, List<Long> sizes, String contender) {
    String target = contender + ": JVM peak RSS growing less than 1.5x when the input grows 10x";
    for (long small : sizes) {
      Optional<Result> a = find(results, small, contender);
      Optional<Result> b = find(results, small * 10, contender);
      if (a.isPresent()
          && b.isPresent()
          && a.get().peakRssBytes() > 0
          && b.get().peakRssBytes() > 0) {
        double growth = (double) b.get().peakRssBytes() / a.get().peakRssBytes();
        return new Target(
            target,
            String.format(
                "%.2fx (%d MB at %d lines, %d MB at %d)",
                growth,
                a.get().peakRssBytes() >> 20,
                small,
                b.get().peakRssBytes() >> 20,
                small * 10),
            growth < 1.5);
      }
    }
    return new Target(target, "needs two sizes ten times apart", null);
  }

  private static Optional<Result> find(List<Result> results, long size, String contender) {
    return results.stream()
        .filter(r -> r.size() == size && r.contender().equals(contender) && r.error() == null)
        .findFirst();
  }
}
