package io.strata.ml;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;

/**
 * The Beam graph of training and prequential evaluation on the DirectRunner, fed an in-memory
 * history.
 */
public class TrainAndEvaluateTest {
  private static final History HISTORY = Fixtures.history(5, 120, 42);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void trainsOneModelPerWindowAndScoresEveryEarlierModelOnEachWindow() {
    Windows windows = Windows.of(HISTORY.firstDate(), HISTORY.lastDate(), 0, 2);
    MlPipeline.Results results =
        MlPipeline.trainAndEvaluate(
            pipeline,
            pipeline.apply(Create.of(HISTORY).withCoder(SerializableCoder.of(History.class))),
            windows,
            MlConfig.defaults());
    PAssert.that(results.models())
        .satisfies(
            models -> {
              Set<String> keys = new HashSet<>();
              models.forEach(m -> keys.add(m.task() + m.window()));
              int expected =
                  windows.evaluated(Task.REPURCHASE).size()
                      + windows.evaluated(Task.WEEKLY_UNITS).size();
              assertEquals(expected, keys.size());
              return null;
            });
    PAssert.that(results.evaluations())
        .satisfies(
            evaluations -> {
              int pairs = 0;
              for (WindowResult.Evaluated e : evaluations) {
                assertTrue(
                    "a model is never scored on a window before its own",
                    e.modelWindow() <= e.window());
                if (e.modelWindow() == e.window()) {
                  String base =
                      e.task().equals(Task.REPURCHASE.id()) ? "baseline_auc" : "baseline_rmse";
                  assertTrue(e.metrics().containsKey(base));
                  assertTrue(e.metrics().keySet().stream().anyMatch(n -> n.startsWith("psi_")));
                }
                pairs++;
              }
              int expected = 0;
              for (Task task : Task.values()) {
                List<Integer> evaluated = windows.evaluated(task);
                expected += evaluated.size() * (evaluated.size() + 1) / 2;
              }
              assertEquals(expected, pairs);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
