package io.strata.bench;

import io.strata.bench.BenchReport.Result;
import io.strata.bench.BenchReport.Target;
import io.strata.bench.MedallionComparison.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The performance issue's targets, judged on what one bench run measured. */
final class Targets {
  static final long MILLION = 1_000_000;
  static final long TEN_MILLION = 10_000_000;

  private static final double MEDALLION_TO_SQL = 1.5;
  private static final double BRONZE_TO_COPY = 0.3;
  private static final double RSS_GROWTH = 1.3;
  private static final String LIMITED_HEAP = "1g";

  private Targets() {}

  static List<Target> evaluate(
      List<Result> loads,
      List<MedallionComparison.Result> medallions,
      List<MlComparison.Result> ml) {
    List<Target> out = new ArrayList<>();
    for (long size : List.of(MILLION, TEN_MILLION)) {
      for (Runner runner : Runner.values()) {
        out.add(medallion(medallions, size, runner));
      }
    }
    for (long size : List.of(MILLION, TEN_MILLION)) {
      for (String strata : List.of("strata-direct", "strata-flink")) {
        out.add(
            load(
                loads,
                size,
                strata,
                "pandas-copy",
                1,
                strata + " bronze at least as fast as pandas + COPY at " + lines(size)));
      }
    }
    for (String strata : List.of("strata-direct", "strata-flink")) {
      out.add(
          load(
              loads,
              TEN_MILLION,
              strata,
              Contender.CEILING,
              BRONZE_TO_COPY,
              strata + " bronze at least " + BRONZE_TO_COPY + "x COPY at " + lines(TEN_MILLION)));
    }
    for (Runner runner : Runner.values()) {
      out.add(rssGrowth(medallions, runner));
    }
    out.add(limitedHeap(medallions));
    out.add(ml(ml));
    return out;
  }

  private static Target medallion(
      List<MedallionComparison.Result> medallions, long size, Runner runner) {
    String target =
        "the whole medallion on the "
            + runner.label
            + " within "
            + MEDALLION_TO_SQL
            + "x of hand-written SQL at "
            + lines(size);
    Optional<MedallionComparison.Result> m = at(medallions, size, runner);
    if (m.isEmpty()) {
      return new Target(target, "not measured", null);
    }
    List<String> differences = m.get().goldDifferences().get(runner);
    if (!differences.isEmpty()) {
      return new Target(target, "gold differs in " + differences + ": not the same work", false);
    }
    double strata = m.get().median(runner, MedallionComparison.Run::seconds);
    double ratio = strata / m.get().sqlMedian();
    return new Target(
        target,
        String.format("%.2fx (%.1f s against %.1f s)", ratio, strata, m.get().sqlMedian()),
        ratio <= MEDALLION_TO_SQL);
  }

  /**
   * Rows per second of {@code contender} over those of {@code reference}, at least {@code bound}.
   */
  private static Target load(
      List<Result> loads,
      long size,
      String contender,
      String reference,
      double bound,
      String target) {
    Optional<Result> mine = find(loads, size, contender);
    Optional<Result> theirs = find(loads, size, reference);
    if (mine.isEmpty() || theirs.isEmpty()) {
      return new Target(
          target, "not measured (" + (mine.isEmpty() ? contender : reference) + " missing)", null);
    }
    double ratio = mine.get().rowsPerSecond() / theirs.get().rowsPerSecond();
    return new Target(
        target,
        String.format(
            "%.2fx %s (%.0f against %.0f rows/s)",
            ratio, reference, mine.get().rowsPerSecond(), theirs.get().rowsPerSecond()),
        ratio >= bound);
  }

  private static Target rssGrowth(List<MedallionComparison.Result> medallions, Runner runner) {
    String target =
        "the medallion's peak RSS on the "
            + runner.label
            + " at "
            + lines(TEN_MILLION)
            + " at most "
            + RSS_GROWTH
            + "x that at "
            + lines(MILLION);
    Optional<MedallionComparison.Result> small = at(medallions, MILLION, runner);
    Optional<MedallionComparison.Result> large = at(medallions, TEN_MILLION, runner);
    if (small.isEmpty() || large.isEmpty()) {
      return new Target(target, "needs both sizes", null);
    }
    Function<MedallionComparison.Result, Double> rss =
        m -> m.median(runner, MedallionComparison.Run::peakRssBytes);
    double growth = rss.apply(large.get()) / rss.apply(small.get());
    return new Target(
        target,
        String.format(
            "%.2fx (%.0f MB, then %.0f MB)",
            growth, rss.apply(small.get()) / 1048576, rss.apply(large.get()) / 1048576),
        growth <= RSS_GROWTH);
  }

  private static Target limitedHeap(List<MedallionComparison.Result> medallions) {
    String target =
        "the medallion at "
            + lines(TEN_MILLION)
            + " completes on the DirectRunner with -Xmx"
            + LIMITED_HEAP;
    Optional<MedallionComparison.LimitedHeap> run =
        medallions.stream()
            .filter(m -> m.size() == TEN_MILLION && m.limitedHeap() != null)
            .map(MedallionComparison.Result::limitedHeap)
            .filter(h -> h.heap().equals(LIMITED_HEAP))
            .findFirst();
    if (run.isEmpty()) {
      return new Target(target, "not measured", null);
    }
    return new Target(
        target,
        run.get().completed()
            ? String.format(
                "completed in %.1f s, peak RSS %d MB",
                run.get().seconds(), run.get().peakRssBytes() >> 20)
            : "failed",
        run.get().completed());
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

  private static Optional<MedallionComparison.Result> at(
      List<MedallionComparison.Result> medallions, long size, Runner runner) {
    return medallions.stream()
        .filter(m -> m.size() == size && m.strata().containsKey(runner))
        .findFirst();
  }

  private static Optional<Result> find(List<Result> results, long size, String contender) {
    return results.stream()
        .filter(r -> r.size() == size && r.contender().equals(contender) && r.error() == null)
        .findFirst();
  }

  private static String lines(long size) {
    return size % MILLION == 0 ? size / MILLION + "M lines" : size + " lines";
  }
}
