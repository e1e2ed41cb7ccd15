package io.strata.retail.generate;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The planted repurchase model: each day a customer orders with a probability that is a logistic
 * function of features a model can compute from history, plus a hidden per-customer effect. At the
 * drift day business customers slow down and Spain speeds up.
 */
final class RepurchaseModel {
  static final double CUSTOMER_EFFECT_SD = 0.9;
  static final int ORDERS_CAP = 8;
  static final double TENURE_CAP_YEARS = 4;

  private static final Planted.Coefficients BEFORE =
      coefficients(0.5, countries(0.1, 0.0, 0.1, 0.2, -0.2, -0.1, 0.0, -0.2, 0.0, -0.3));
  private static final Planted.Coefficients AFTER =
      coefficients(-0.6, countries(0.1, 0.0, 0.1, 0.2, 0.9, -0.1, 0.0, -0.2, 0.0, -0.3));

  private final int driftDay;

  RepurchaseModel(int driftDay) {
    this.driftDay = driftDay;
  }

  private static Planted.Coefficients coefficients(double business, Map<String, Double> country) {
    Map<String, Double> segment = new TreeMap<>(Map.of("business", business, "consumer", 0.0));
    return new Planted.Coefficients(-3.3, segment, country, 0.15, 0.18, 5.0);
  }

  /** Keyed by country code, in {@link Country} declaration order. */
  private static Map<String, Double> countries(double... values) {
    Map<String, Double> byCode = new TreeMap<>();
    for (Country country : Country.values()) {
      byCode.put(country.name(), values[country.ordinal()]);
    }
    return byCode;
  }

  /** Probability that the customer orders on the day, given orders on the 28 days before it. */
  double probability(Customer customer, int day, LocalDate date, int ordersLast28d) {
    Planted.Coefficients k = day < driftDay ? BEFORE : AFTER;
    double tenureYears =
        Math.min(TENURE_CAP_YEARS, (date.toEpochDay() - customer.signupDate.toEpochDay()) / 365.25);
    double logit =
        k.intercept()
            + k.segment().get(customer.segment)
            + k.country().get(customer.country.name())
            + k.tenureYears() * tenureYears
            + k.ordersLast28d() * Math.min(ORDERS_CAP, ordersLast28d)
            + k.avgDiscount() * customer.averageDiscount()
            + customer.effect;
    return 1.0 / (1.0 + StrictMath.exp(-logit));
  }

  static Planted.Repurchase describe() {
    String mechanism =
        "On each local date d (the date of the orders file), every customer whose"
            + " first row is in an earlier customers file places one order with probability"
            + " sigmoid(z), z = intercept + segment[segment] + country[country]"
            + " + tenure_years * min((d - signup_date) / 365.25, tenure_years_cap)"
            + " + orders_last_28d * min(orders of the customer on local dates d-28 .. d-1,"
            + " orders_last_28d_cap) + avg_discount * (mean discount over all earlier order lines of"
            + " the customer, 0 without any) + customer_effect, customer_effect ~ Normal(0,"
            + " customer_effect_sd) fixed per customer and not observable. Coefficients are 'before'"
            + " for dates before drift_date and 'after' from it on (business customers slow down,"
            + " ES speeds up). Orders counted include ones later cancelled or rejected; segment and"
            + " country never change. So 'orders in [T, T+14d)' is predictable from segment,"
            + " country, tenure, recent frequency and average discount, and the drift shows.";
    return new Planted.Repurchase(
        mechanism, BEFORE, AFTER, CUSTOMER_EFFECT_SD, ORDERS_CAP, TENURE_CAP_YEARS);
  }
}
