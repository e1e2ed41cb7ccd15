package io.strata.ml;

/**
 * The two learning tasks of the retail sample's spec (pipelines/retail/SPEC.md); the name is the
 * MLflow experiment and registered model suffix.
 */
public enum Task {
  /** One example per customer with a placed order before T; label: an order in [T, T + 14 days). */
  REPURCHASE("repurchase", 14),
  /** One example per product with sales before T; label: units sold in [T, T + 7 days). */
  WEEKLY_UNITS("weekly_units", 7);

  private final String id;
  private final int horizonDays;

  Task(String id, int horizonDays) {
    this.id = id;
    this.horizonDays = horizonDays;
  }

  public String id() {
    return id;
  }

  /** Days after the window end that the label looks at. */
  public int horizonDays() {
    return horizonDays;
  }

  public boolean classification() {
    return this == REPURCHASE;
  }
}
