package io.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.bench.BenchReport.Target;
import io.strata.bench.MedallionComparison.Runner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.Test;

/** Medians, ratios and targets computed from measurements, without running anything. */
public class BenchReportTest {
  private static final BenchEnv ENV =
      new BenchEnv(
          "java",
          "",
          Path.of("python"),
          Path.of("p.py"),
          null,
          Path.of("retail"),
          "jdbc:postgresql://localhost/db",
          "u",
          "",
          "",
          Path.of("tmp"));
  private static final List<Contender> CONTENDERS = Contender.all(ENV);

  private static Measurement m(
      String contender, long size, int run, double seconds, long rows, long rssMb) {
    return new Measurement(contender, size, run, seconds, rows, rssMb << 20, 0, null);
  }

  private static List<Measurement> runs(
      long size, double copySeconds, double strataSeconds, double pandasSeconds, long strataRssMb) {
    List<Measurement> out = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      out.add(m("copy", size, i, copySeconds * i, size, 80));
      out.add(m("strata-direct", size, i, strataSeconds + i - 2, size, strataRssMb));
      out.add(m("strata-flink", size, i, strataSeconds, size, strataRssMb));
      out.add(m("pandas-to-sql", size, i, pandasSeconds, size, 120));
      out.add(m("pandas-copy", size, i, pandasSeconds / 10, size, 120));
    }
    return out;
  }

  private static Target target(BenchReport report, String text) {
    return report.targets().stream()
        .filter(t -> t.target().contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no target " + text + " in " + report.targets()));
  }

  /** A medallion at {@code size}: SQL runs, then per run on each runner its seconds and RSS. */
  private static MedallionComparison.Result medallion(
      long size, double[] sql, double[] strata, long rssMb, List<String> goldDifferences) {
    Map<Runner, List<MedallionComparison.Run>> runs = new EnumMap<>(Runner.class);
    Map<Runner, List<String>> differences = new EnumMap<>(Runner.class);
    for (Runner runner : Runner.values()) {
      List<MedallionComparison.Run> mine = new ArrayList<>();
      for (double seconds : strata) {
        mine.add(new MedallionComparison.Run(seconds, rssMb << 20, seconds / 2, seconds / 4, 1));
      }
      runs.put(runner, mine);
      differences.put(runner, goldDifferences);
    }
    return new MedallionComparison.Result(size, sql, runs, differences, null);
  }

  @Test
  public void ratiosUseTheMedianRunAgainstTheCopyCeilingAndPandasToSql() {
    BenchReport report =
        BenchReport.of(CONTENDERS, List.of(1_000_000L), runs(1_000_000, 2, 10, 100, 600));

    BenchReport.Result strata = report.result(1_000_000, "strata-direct").orElseThrow();
    assertThat(strata.medianSeconds()).isEqualTo(10);
    assertThat(strata.minSeconds()).isEqualTo(9);
    assertThat(strata.maxSeconds()).isEqualTo(11);
    // COPY's median run took 4 s: 250,000 rows/s; Strata 100,000 rows/s; pandas 10,000 rows/s.
    assertThat(strata.toCeiling()).isCloseTo(0.4, Offset.offset(1e-9));
    assertThat(strata.toPeer()).isCloseTo(10.0, Offset.offset(1e-9));
    assertThat(report.allRunsValid()).isTrue();
    // pandas + COPY took 10 s: 100,000 rows/s, as fast as Strata.
    assertThat(target(report, "strata-direct bronze at least as fast as pandas + COPY at 1M").met())
        .isTrue();
    assertThat(
            target(report, "strata-direct bronze at least as fast as pandas + COPY at 10M").met())
        .isNull();
  }

  @Test
  public void theLoadsAtTenMillionLinesAreJudgedAgainstCopy() {
    BenchReport report =
        BenchReport.of(CONTENDERS, List.of(10_000_000L), runs(10_000_000, 20, 70, 1000, 600));

    // COPY's median run 40 s: 250,000 rows/s; Strata 10M in 70 s: 142,857 rows/s, 0.57x.
    Target direct = target(report, "strata-direct bronze at least 0.3x COPY at 10M");
    assertThat(direct.met()).isTrue();
    assertThat(direct.measured()).startsWith("0.57x copy");
  }

  @Test
  public void aRunThatLoadedTheWrongRowsInvalidatesItsResultAndTheTargetsOnIt() {
    List<Measurement> all = new ArrayList<>(runs(1_000_000, 2, 10, 100, 600));
    all.add(
        new Measurement(
            "strata-flink",
            1_000_000,
            4,
            9,
            999_999,
            600L << 20,
            0,
            "loaded 999999 rows, expected 1000000"));
    BenchReport report = BenchReport.of(CONTENDERS, List.of(1_000_000L), all);

    assertThat(report.allRunsValid()).isFalse();
    assertThat(report.result(1_000_000, "strata-flink").orElseThrow().rowsPerSecond()).isZero();
    assertThat(target(report, "strata-flink bronze at least as fast as pandas + COPY at 1M").met())
        .isNull();
  }

  @Test
  public void theMedallionIsJudgedOnMediansPerRunnerAndOnlyWhenBothBuiltTheSameGold() {
    List<Measurement> all = runs(1_000_000, 2, 10, 100, 600);
    MedallionComparison.Result close =
        medallion(1_000_000, new double[] {40, 25, 26}, new double[] {36, 30, 90}, 700, List.of());
    BenchReport within =
        BenchReport.of(CONTENDERS, List.of(1_000_000L), all, List.of(close), List.of());
    Target flink =
        target(within, "medallion on the FlinkRunner within 1.5x of hand-written SQL at 1M");
    assertThat(flink.met()).isTrue();
    assertThat(flink.measured()).startsWith("1.38x");
    assertThat(within.allRunsValid()).isTrue();

    MedallionComparison.Result differs =
        medallion(1_000_000, new double[] {20}, new double[] {10}, 700, List.of("daily_sales"));
    BenchReport wrong =
        BenchReport.of(CONTENDERS, List.of(1_000_000L), all, List.of(differs), List.of());
    Target direct =
        target(wrong, "medallion on the DirectRunner within 1.5x of hand-written SQL at 1M");
    assertThat(direct.met()).isFalse();
    assertThat(direct.measured()).contains("daily_sales");
    assertThat(wrong.allRunsValid()).isFalse();
  }

  @Test
  public void theMedallionsMemoryIsJudgedBetweenOneAndTenMillionLines() {
    MedallionComparison.Result small =
        medallion(1_000_000, new double[] {10}, new double[] {12}, 900, List.of());
    MedallionComparison.Result large =
        medallion(10_000_000, new double[] {100}, new double[] {120}, 1_300, List.of());
    BenchReport report =
        BenchReport.of(
            CONTENDERS,
            List.of(1_000_000L, 10_000_000L),
            List.of(),
            List.of(small, large),
            List.of());

    Target growth = target(report, "peak RSS on the DirectRunner at 10M lines at most 1.3x");
    assertThat(growth.met()).isFalse();
    assertThat(growth.measured()).startsWith("1.44x");
    assertThat(target(report, "completes on the DirectRunner with -Xmx1g").met()).isNull();
  }
}
