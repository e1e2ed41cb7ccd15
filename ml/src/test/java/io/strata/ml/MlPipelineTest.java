package io.strata.ml;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;
import org.tribuo.Model;

/**
 * Training, scoring and the protobuf round trip on the synthetic history, without Beam or a
 * database.
 */
public class MlPipelineTest {
  private static final History HISTORY = Fixtures.history(11, 400, 63);

  @Test
  public void everyConfiguredTrainerBeatsItsBaselineAndRoundTripsThroughProtobuf() {
    Windows w = Windows.of(HISTORY.firstDate(), HISTORY.lastDate(), 0, 2);
    for (MlConfig config :
        List.of(
            MlConfig.defaults().withRegressor(RegressorAlgorithm.LINEAR),
            MlConfig.defaults()
                .withClassifier(ClassifierAlgorithm.XGBOOST)
                .withTrainingWindows(2))) {
      for (Task task : Task.values()) {
        int k = w.evaluated(task).get(w.evaluated(task).size() - 1);
        WindowResult.Trained trained = MlPipeline.train(task, k, HISTORY, w, config);
        List<WindowResult.Evaluated> evaluations =
            MlPipeline.evaluate(task, k, HISTORY, w, List.of(trained));
        var m = evaluations.get(0).metrics();
        if (task.classification()) {
          assertTrue(config + ": " + m, m.get("auc") > m.get("baseline_auc") + 0.05);
          assertTrue(config + ": " + m, m.get("log_loss") < m.get("baseline_log_loss"));
        } else {
          assertTrue(config + ": " + m, m.get("rmse") < m.get("baseline_rmse"));
        }
        assertTrue(m.keySet().stream().anyMatch(n -> n.startsWith("psi_")));
        Model<?> back = Models.fromBytes(trained.model());
        List<Example> examples = Features.examples(task, HISTORY, w.ends().get(k), w.dataEnd());
        assertArrayEquals(
            Models.score(task, Models.fromBytes(trained.model()), examples),
            Models.score(task, back, examples),
            0);
        assertFalse(trained.params().isEmpty());
        assertTrue(trained.provenanceJson().contains("seed"));
      }
    }
  }

  @Test
  public void trainingIsDeterministicUnderAFixedSeed() {
    Windows w = Windows.of(HISTORY.firstDate(), HISTORY.lastDate(), 0, 2);
    MlConfig config = MlConfig.defaults();
    int k = w.evaluated(Task.REPURCHASE).get(0);
    List<Example> examples =
        Features.examples(Task.REPURCHASE, HISTORY, w.ends().get(k), w.dataEnd());
    double[] a =
        Models.score(
            Task.REPURCHASE,
            Models.fromBytes(MlPipeline.train(Task.REPURCHASE, k, HISTORY, w, config).model()),
            examples);
    double[] b =
        Models.score(
            Task.REPURCHASE,
            Models.fromBytes(MlPipeline.train(Task.REPURCHASE, k, HISTORY, w, config).model()),
            examples);
    assertArrayEquals(a, b, 0);
  }
}
