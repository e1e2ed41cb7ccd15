package io.strata.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The bench's results per size and contender (median, minimum and maximum of the runs), their
 * ratios to the COPY ceiling and to pandas' {@code to_sql}, and the targets met or not: printed as
 * a table, written as {@code bench.json} and {@code bench.png}.
 */
public final class BenchReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The runs of one contender at one size, summarised; the ratios are of rows per second. */
  public record Result(
      long size,
      String contender,
      String description,
      long rows,
      double medianSeconds,
      double minSeconds,
      double maxSeconds,
      double rowsPerSecond,
      long peakRssBytes,
      long walBytes,
      @Nullable Double toCeiling,
      @Nullable Double toPeer,
      List<Measurement> runs,
      @Nullable String error) {}

  /**
   * A target of the issue, the value measured for it and whether it is met (null: not measured).
   */
  public record Target(String target, String measured, @Nullable Boolean met) {}

  private final List<Result> results;
  private final List<MedallionComparison.Result> medallions;
  private final List<MlComparison.Result> ml;
  private final List<Target> targets;

  private BenchReport(
      List<Result> results,
      List<MedallionComparison.Result> medallions,
      List<MlComparison.Result> ml,
      List<Target> targets) {
    this.results = results;
    this.medallions = medallions;
    this.ml = ml;
    this.targets = targets;
  }

  public static BenchReport of(
      List<Contender> contenders, List<Long> sizes, List<Measurement> runs) {
    return of(contenders, sizes, runs, List.of(), List.of());
  }

  public static BenchReport of(
      List<Contender> contenders,
      List<Long> sizes,
      List<Measurement> runs,
      List<MedallionComparison.Result> medallions,
      List<MlComparison.Result> ml) {
    List<Result> results = new ArrayList<>();
    for (long size : sizes) {
      Map<String, Double> rate = new LinkedHashMap<>();
      List<Result> atSize = new ArrayList<>();
      for (Contender c : contenders) {
        List<Measurement> mine =
            runs.stream().filter(m -> m.size() == size && m.contender().equals(c.name())).toList();
        if (mine.isEmpty()) {
          continue;
        }
        String error =
            mine.stream().map(Measurement::error).filter(e -> e != null).findFirst().orElse(null);
        double[] seconds = mine.stream().mapToDouble(Measurement::seconds).sorted().toArray();
        double median = median(seconds);
        long rows = mine.get(0).rows();
        double rowsPerSecond = error == null && median > 0 ? rows / median : 0;
        rate.put(c.name(), rowsPerSecond);
        atSize.add(
            new Result(
                size,
                c.name(),
                c.description(),
                rows,
                median,
                seconds[0],
                seconds[seconds.length - 1],
                rowsPerSecond,
                (long)
                    median(mine.stream().mapToDouble(Measurement::peakRssBytes).sorted().toArray()),
                (long) median(mine.stream().mapToDouble(Measurement::walBytes).sorted().toArray()),
                null,
                null,
                mine,
                error));
      }
      for (Result r : atSize) {
        results.add(
            new Result(
                r.size(),
                r.contender(),
                r.description(),
                r.rows(),
                r.medianSeconds(),
                r.minSeconds(),
                r.maxSeconds(),
                r.rowsPerSecond(),
                r.peakRssBytes(),
                r.walBytes(),
                ratio(r.rowsPerSecond(), rate.get(Contender.CEILING)),
                ratio(r.rowsPerSecond(), rate.get(Contender.PEER)),
                r.runs(),
                r.error()));
      }
    }
    return new BenchReport(results, medallions, ml, Targets.evaluate(results, medallions, ml));
  }

  public List<Result> results() {
    return results;
  }

  public List<Target> targets() {
    return targets;
  }

  /** Whether every run loaded what it should have, and both medallions built the same gold. */
  public boolean allRunsValid() {
    return results.stream().allMatch(r -> r.error() == null)
        && medallions.stream().allMatch(MedallionComparison.Result::goldIdentical);
  }

  public Optional<Result> result(long size, String contender) {
    return results.stream()
        .filter(r -> r.size() == size && r.contender().equals(contender))
        .findFirst();
  }

  public void print(PrintStream out) {
    String fmt = "%-9s %-15s %9s %8s %8s %8s %10s %9s %9s %9s %9s  %s%n";
    out.printf(
        fmt,
        "lines",
        "contender",
        "rows",
        "median s",
        "min s",
        "max s",
        "rows/s",
        "x COPY",
        "x to_sql",
        "peak RSS",
        "WAL",
        "");
    for (Result r : results) {
      out.printf(
          fmt,
          r.size(),
          r.contender(),
          r.rows(),
          f1(r.medianSeconds()),
          f1(r.minSeconds()),
          f1(r.maxSeconds()),
          String.format("%.0f", r.rowsPerSecond()),
          ratioText(r.toCeiling()),
          ratioText(r.toPeer()),
          mb(r.peakRssBytes()),
          mb(r.walBytes()),
          r.error() == null ? "" : "INVALID: " + r.error());
    }
    if (!medallions.isEmpty()) {
      printMedallions(out);
    }
    for (MlComparison.Result r : ml) {
      out.printf(
          "ml: %-32s warm fit median %.3f s (%.3f-%.3f), first fit %.3f s, AUC %.4f, %d training and %d test examples%n",
          r.library(),
          r.medianFitSeconds(),
          r.minFitSeconds(),
          r.maxFitSeconds(),
          r.firstFitSeconds(),
          r.auc(),
          r.trainRows(),
          r.testRows());
    }
    out.println();
    for (Target t : targets) {
      out.printf(
          "%-8s %s: %s%n",
          t.met() == null ? "n/a" : t.met() ? "MET" : "NOT MET", t.target(), t.measured());
    }
  }

  /**
   * The whole medallion per size and runner: medians of the wall time and of its split, peak
   * memory, and the ratio to the same work as hand-written SQL.
   */
  private void printMedallions(PrintStream out) {
    String fmt = "%-9s %-13s %8s %8s %8s %8s %8s %9s %8s %9s  %s%n";
    out.printf(
        "%nwhole medallion (run --stages=bronze,silver,gold, every source), median of each part:%n");
    out.printf(
        fmt,
        "lines",
        "side",
        "total s",
        "start s",
        "bronze s",
        "silver s",
        "gold s",
        "x SQL",
        "",
        "peak RSS",
        "gold");
    for (MedallionComparison.Result m : medallions) {
      out.printf(fmt, m.size(), "hand SQL", f1(m.sqlMedian()), "", "", "", "", "1.00", "", "", "");
      for (MedallionComparison.Runner runner : m.strata().keySet()) {
        double total = m.median(runner, MedallionComparison.Run::seconds);
        List<String> differences = m.goldDifferences().getOrDefault(runner, List.of());
        out.printf(
            fmt,
            m.size(),
            "strata " + runner.label.replace("Runner", ""),
            f1(total),
            f1(m.median(runner, MedallionComparison.Run::startSeconds)),
            f1(m.median(runner, MedallionComparison.Run::bronzeSeconds)),
            f1(m.median(runner, MedallionComparison.Run::silverSeconds)),
            f1(m.median(runner, MedallionComparison.Run::goldSeconds)),
            String.format("%.2f", total / m.sqlMedian()),
            "",
            mb((long) m.median(runner, r -> r.peakRssBytes())),
            differences.isEmpty() ? "identical" : "DIFFERS in " + differences);
      }
      if (m.limitedHeap() != null) {
        out.printf(
            "%-9s DirectRunner with -Xmx%s: %s in %.1f s, peak RSS %s%n",
            m.size(),
            m.limitedHeap().heap(),
            m.limitedHeap().completed() ? "completed" : "FAILED",
            m.limitedHeap().seconds(),
            mb(m.limitedHeap().peakRssBytes()));
      }
    }
  }

  /** {@code bench.json}, {@code bench.png} and {@code medallion.png} in {@code dir}. */
  public void write(Path dir, Map<String, Object> machine, int repeats) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", OffsetDateTime.now().toString());
    root.put("machine", machine);
    root.put("repeats", repeats);
    root.put("results", results);
    root.put("medallion", medallions);
    root.put("ml", ml);
    root.put("targets", targets);
    Files.writeString(dir.resolve("bench.json"), JSON.writeValueAsString(root));
    System.setProperty("java.awt.headless", "true");
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Result r : results) {
      if (r.rowsPerSecond() > 0) {
        data.addValue(r.rowsPerSecond(), r.size() + " lines", r.contender());
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Loading order lines into PostgreSQL (median of " + repeats + " runs)",
            "contender",
            "rows per second (log scale)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    LogAxis axis = new LogAxis("rows per second (log scale)");
    axis.setSmallestValue(100);
    axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
    chart.getCategoryPlot().setRangeAxis(axis);
    chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
    chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    ChartUtils.saveChartAsPNG(dir.resolve("bench.png").toFile(), chart, 1000, 550);
    if (!medallions.isEmpty()) {
      ChartUtils.saveChartAsPNG(dir.resolve("medallion.png").toFile(), medallionChart(), 1000, 550);
    }
  }

  /** Per size, the SQL's time beside each runner's, split into start, bronze, silver and gold. */
  private JFreeChart medallionChart() {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (MedallionComparison.Result m : medallions) {
      String sql = m.size() + " hand SQL";
      data.addValue(m.sqlMedian(), "hand-written SQL", sql);
      for (MedallionComparison.Runner runner : m.strata().keySet()) {
        String side = m.size() + " " + runner.label;
        data.addValue(m.median(runner, MedallionComparison.Run::startSeconds), "start", side);
        data.addValue(m.median(runner, MedallionComparison.Run::bronzeSeconds), "bronze", side);
        data.addValue(m.median(runner, MedallionComparison.Run::silverSeconds), "silver", side);
        data.addValue(m.median(runner, MedallionComparison.Run::goldSeconds), "gold", side);
      }
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            "The whole medallion against hand-written SQL (medians)",
            "lines, side",
            "seconds",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
    chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    return chart;
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static @Nullable Double ratio(double value, @Nullable Double reference) {
    return reference == null || reference <= 0 || value <= 0 ? null : value / reference;
  }

  private static String ratioText(@Nullable Double ratio) {
    return ratio == null ? "-" : String.format("%.3f", ratio);
  }

  private static String f1(double v) {
    return String.format("%.1f", v);
  }

  private static String mb(long bytes) {
    return bytes <= 0 ? "-" : String.format("%.0f MB", bytes / 1048576.0);
  }
}
