package io.strata.ml;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/** Tribuo trainers by configuration, examples to Tribuo, scoring and protobuf round trips. */
public final class Models {
  public static final String POSITIVE = "1";
  private static final LabelFactory LABELS = new LabelFactory();
  private static final RegressionFactory REGRESSORS = new RegressionFactory();

  private Models() {}

  /**
   * The configured trainer of a task; every one seeded with {@link MlConfig#seed()}, SGD progress
   * logging off (-1).
   */
  public static Trainer<?> trainer(Task task, MlConfig config) {
    if (task.classification()) {
      return config.classifier() == ClassifierAlgorithm.LOGISTIC
          ? new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
              new LogMulticlass(), new AdaGrad(0.1, 0.1), 10, -1, 1, config.seed())
          : new XGBoostClassificationTrainer(
              60, 0.1, 0, 3, 1, 0.8, 0.8, 1, 0, 1, true, config.seed());
    }
    return config.regressor() == RegressorAlgorithm.LINEAR
        ? new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
            new SquaredLoss(), new AdaGrad(0.05, 0.1), 20, -1, 1, config.seed())
        : new XGBoostRegressionTrainer(
            XGBoostRegressionTrainer.RegressionType.LINEAR,
            60,
            0.1,
            0,
            3,
            1,
            0.8,
            0.8,
            1,
            0,
            1,
            true,
            config.seed());
  }

  /** A fitted model with the trainer's provenance. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Model<?> train(
      Task task, MlConfig config, List<Example> examples, String description) {
    Trainer trainer = trainer(task, config);
    return trainer.train(dataset(task, examples, description));
  }

  /** The examples as a Tribuo dataset. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Dataset<?> dataset(Task task, List<Example> examples, String description) {
    OutputFactory factory = task.classification() ? LABELS : REGRESSORS;
    MutableDataset dataset =
        new MutableDataset(new SimpleDataSourceProvenance(description, factory), factory);
    for (Example e : examples) {
      dataset.add(tribuo(task, e, e.label()));
    }
    return dataset;
  }

  static org.tribuo.Example<?> tribuo(Task task, Example e, Double label) {
    String[] names = e.features().keySet().toArray(String[]::new);
    double[] values = e.features().values().stream().mapToDouble(Double::doubleValue).toArray();
    if (task.classification()) {
      Label output =
          label == null ? LabelFactory.UNKNOWN_LABEL : new Label(label > 0.5 ? POSITIVE : "0");
      return new ArrayExample<>(output, names, values);
    }
    Regressor output =
        label == null
            ? RegressionFactory.UNKNOWN_REGRESSOR
            : new Regressor(Task.WEEKLY_UNITS.id(), label);
    return new ArrayExample<>(output, names, values);
  }

  /** Scores: P(repurchase) for the classifier, predicted units for the regressor. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static double[] score(Task task, Model<?> model, List<Example> examples) {
    List<org.tribuo.Example> rows = new ArrayList<>();
    for (Example e : examples) {
      rows.add(tribuo(task, e, null));
    }
    List<Prediction> predictions = ((Model) model).predict((Iterable) rows);
    double[] out = new double[predictions.size()];
    for (int i = 0; i < out.length; i++) {
      Prediction<?> p = predictions.get(i);
      if (task.classification()) {
        Map<String, ? extends Output<?>> scores = p.getOutputScores();
        Label positive = (Label) scores.get(POSITIVE);
        out[i] = positive == null ? 0 : positive.getScore();
      } else {
        out[i] = ((Regressor) p.getOutput()).getValues()[0];
      }
    }
    return out;
  }

  public static byte[] toBytes(Model<?> model) {
    return model.serialize().toByteArray();
  }

  public static Model<?> fromBytes(byte[] bytes) {
    try {
      return Model.deserialize(ModelProto.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a Tribuo model protobuf: " + e.getMessage(), e);
    }
  }
}
