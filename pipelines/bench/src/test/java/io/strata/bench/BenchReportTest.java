package io.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.bench.BenchReport.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    }
    return out;
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
    assertThat(strata.toCeiling()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(strata.toPeer()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.allRunsValid()).isTrue();
    assertThat(report.targets())
        .extracting(Target::target, Target::met)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "Strata bronze on the DirectRunner at least 0.3x the COPY ceiling at 1M lines",
                true),
            org.assertj.core.groups.Tuple.tuple(
                "Strata bronze on the FlinkRunner at least 0.5x the COPY ceiling at 1M lines",
                false),
            org.assertj.core.groups.Tuple.tuple(
                "Strata bronze (DirectRunner) at least 10x pandas to_sql", true));
  }

  @Test
  public void peakMemoryGrowthIsJudgedBetweenSizesTenTimesApart() {
    List<Measurement> all = new ArrayList<>(runs(100_000, 1, 5, 10, 500));
    all.addAll(runs(1_000_000, 2, 10, 100, 900));
    BenchReport report = BenchReport.of(CONTENDERS, List.of(100_000L, 1_000_000L), all);

    Target growth =
        report.targets().stream()
            .filter(t -> t.target().startsWith("strata-direct: JVM peak RSS"))
            .findFirst()
            .orElseThrow();
    assertThat(growth.met()).isFalse();
    assertThat(growth.measured()).startsWith("1.80x");
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
    assertThat(
            report.targets().stream()
                .filter(t -> t.target().contains("FlinkRunner at least 0.5x"))
                .findFirst()
                .orElseThrow()
                .met())
        .isNull();
  }

  private static Target medallionTarget(BenchReport report) {
    return report.targets().stream()
        .filter(t -> t.target().startsWith("the whole medallion"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  public void theMedallionIsJudgedOnMediansAndOnlyWhenBothBuiltTheSameGold() {
    List<Measurement> all = runs(1_000_000, 2, 10, 100, 600);
    MedallionComparison.Result close =
        new MedallionComparison.Result(
            100_000, new double[] {40, 25, 26}, new double[] {9, 10, 30}, List.of());
    BenchReport within = BenchReport.of(CONTENDERS, List.of(1_000_000L), all, close, List.of());
    assertThat(medallionTarget(within).met()).isTrue();
    assertThat(medallionTarget(within).measured()).startsWith("2.60x");
    assertThat(within.allRunsValid()).isTrue();

    MedallionComparison.Result differs =
        new MedallionComparison.Result(
            100_000, new double[] {20}, new double[] {10}, List.of("daily_sales"));
    BenchReport wrong = BenchReport.of(CONTENDERS, List.of(1_000_000L), all, differs, List.of());
    assertThat(medallionTarget(wrong).met()).isFalse();
    assertThat(medallionTarget(wrong).measured()).contains("daily_sales");
    assertThat(wrong.allRunsValid()).isFalse();
  }
}
