package io.strata.retail.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The machine-learning signal the generator plants: the exact random model behind ordering
 * behaviour and product demand, and the date its coefficients change.
 */
public record Planted(
    @JsonProperty("drift_date") String driftDate,
    Repurchase repurchase,
    @JsonProperty("weekly_units") WeeklyUnits weeklyUnits) {

  /** Daily order probability of a customer: a logistic function of observable features. */
  public record Repurchase(
      String mechanism,
      Coefficients before,
      Coefficients after,
      @JsonProperty("customer_effect_sd") double customerEffectSd,
      @JsonProperty("orders_last_28d_cap") int ordersLast28dCap,
      @JsonProperty("tenure_years_cap") double tenureYearsCap) {}

  /** Logit coefficients; segment and country are keyed by their values. */
  public record Coefficients(
      double intercept,
      Map<String, Double> segment,
      Map<String, Double> country,
      @JsonProperty("tenure_years") double tenureYears,
      @JsonProperty("orders_last_28d") double ordersLast28d,
      @JsonProperty("avg_discount") double avgDiscount) {}

  /** Which products order lines pick, and how many units. */
  public record WeeklyUnits(
      String mechanism,
      @JsonProperty("category_before") Map<String, Double> categoryBefore,
      @JsonProperty("category_after") Map<String, Double> categoryAfter,
      @JsonProperty("log_price") double logPrice,
      @JsonProperty("product_effect_sd") double productEffectSd,
      @JsonProperty("quantity_mean") Map<String, Double> quantityMean,
      @JsonProperty("business_extra_quantity") double businessExtraQuantity) {}
}
