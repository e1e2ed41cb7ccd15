package io.strata.ml;

import java.io.Serializable;
import java.util.Map;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Outputs of the ML pipeline, one record per row of ops.ml_results. */
public final class WindowResult {
  private WindowResult() {}

  /**
   * The model used at window {@code window}: trained on the windows {@code trainFirst..trainLast}
   * (indexes) whose labels were known at its end.
   */
  public record Trained(
      String task,
      int window,
      String windowEnd,
      int trainFirst,
      int trainLast,
      String trainFrom,
      String trainTo,
      int trainRows,
      double trainLabelMean,
      long fitMillis,
      String algorithm,
      SortedMap<String, String> params,
      String provenanceJson,
      String dataHash,
      byte @Nullable [] model)
      implements Serializable {}

  /**
   * Metrics of the model trained for window {@code modelWindow} on the examples of window {@code
   * window}.
   */
  public record Evaluated(
      String task, int window, int modelWindow, int rows, Map<String, Double> metrics)
      implements Serializable {}
}
