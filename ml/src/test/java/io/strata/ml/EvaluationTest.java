package io.strata.ml;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

public class EvaluationTest {
  @Test
  public void aucCountsTiesAsHalfAndIsOneForAPerfectRanking() {
    assertEquals(
        1.0, Evaluation.auc(new double[] {0, 0, 1, 1}, new double[] {0.1, 0.2, 0.8, 0.9}), 1e-12);
    assertEquals(
        0.0, Evaluation.auc(new double[] {1, 1, 0, 0}, new double[] {0.1, 0.2, 0.8, 0.9}), 1e-12);
    assertEquals(
        0.5, Evaluation.auc(new double[] {0, 1, 0, 1}, new double[] {0.3, 0.3, 0.3, 0.3}), 1e-12);
    // pairs (pos, neg): (0.8 > 0.2), (0.8 > 0.5), (0.4 < 0.5), (0.4 > 0.2) -> 3/4
    assertEquals(
        0.75, Evaluation.auc(new double[] {1, 0, 1, 0}, new double[] {0.8, 0.2, 0.4, 0.5}), 1e-12);
  }

  @Test
  public void classificationMetricsMatchHandComputedValues() {
    Map<String, Double> m =
        Evaluation.classification(new double[] {1, 0, 1, 0}, new double[] {0.9, 0.6, 0.4, 0.1});
    assertEquals(0.5, m.get("accuracy"), 1e-12);
    // tp 1, fp 1, fn 1
    assertEquals(0.5, m.get("f1"), 1e-12);
    double logLoss = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.9)) / 4;
    assertEquals(logLoss, m.get("log_loss"), 1e-12);
    assertEquals(0.5, m.get("label_rate"), 1e-12);
  }

  @Test
  public void regressionMetricsMatchHandComputedValues() {
    Map<String, Double> m = Evaluation.regression(new double[] {1, 2, 3}, new double[] {1, 2, 5});
    assertEquals(Math.sqrt(4 / 3.0), m.get("rmse"), 1e-12);
    assertEquals(2 / 3.0, m.get("mae"), 1e-12);
    assertEquals(1 - 4 / 2.0, m.get("r2"), 1e-12);
    assertEquals(
        0.0,
        Evaluation.regression(new double[] {1, 2, 3}, new double[] {2, 2, 2}).get("r2"),
        1e-12);
  }

  @Test
  public void psiIsNearZeroForTheSameDistributionAndLargeForAShiftedOne() {
    Random rng = new Random(1);
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    List<Double> shifted = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      a.add(rng.nextGaussian());
      b.add(rng.nextGaussian());
      shifted.add(rng.nextGaussian() + 1);
    }
    assertTrue(Evaluation.psi(a, b) < 0.02);
    assertTrue(Evaluation.psi(a, shifted) > 0.25);
  }

  @Test
  public void theChampionMetricIsAucForRepurchaseAndRmseForUnits() {
    assertTrue(Evaluation.better(Task.REPURCHASE, 0.7, 0.6));
    assertTrue(Evaluation.better(Task.WEEKLY_UNITS, 1.0, 2.0));
  }
}
