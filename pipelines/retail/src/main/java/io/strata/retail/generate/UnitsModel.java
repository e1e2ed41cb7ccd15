package io.strata.retail.generate;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The planted demand model: which product an order line picks, and how many units. Garden products
 * take off at the drift date (spring), apparel cools down.
 */
final class UnitsModel {
  static final double LOG_PRICE = -0.35;
  static final double PRODUCT_EFFECT_SD = 0.6;
  static final double BUSINESS_EXTRA_QUANTITY = 0.5;
  private static final double REFERENCE_PRICE_EUR = 50;

  private static final Map<String, Double> BEFORE =
      categories(0.0, -0.3, 0.4, -0.2, 0.1, 0.5, 0.3, 0.0, -0.3, -0.1);
  private static final Map<String, Double> AFTER =
      categories(0.0, 0.7, 0.4, -0.2, 0.1, 0.0, 0.3, 0.0, -0.3, -0.1);

  private UnitsModel() {}

  /** Keyed by category id in the order CAT-04, CAT-07 .. CAT-09, CAT-11 .. CAT-16. */
  private static Map<String, Double> categories(double... values) {
    String[] ids = {
      "CAT-04", "CAT-07", "CAT-08", "CAT-09", "CAT-11", "CAT-12", "CAT-13", "CAT-14", "CAT-15",
      "CAT-16"
    };
    Map<String, Double> byId = new TreeMap<>();
    for (int i = 0; i < ids.length; i++) {
      byId.put(ids[i], values[i]);
    }
    return byId;
  }

  /** Unnormalised probability that an order line picks the product. */
  static double weight(Category category, BigDecimal priceEur, double effect, boolean drifted) {
    double score =
        (drifted ? AFTER : BEFORE).get(category.id())
            + LOG_PRICE * StrictMath.log(priceEur.doubleValue() / REFERENCE_PRICE_EUR)
            + effect;
    return StrictMath.exp(score);
  }

  static int quantity(Rng rng, Category category, boolean business) {
    return 1 + rng.poisson(category.quantityMean() + (business ? BUSINESS_EXTRA_QUANTITY : 0));
  }

  static Planted.WeeklyUnits describe() {
    Map<String, Double> quantityMean = new TreeMap<>();
    Category.ALL.forEach(category -> quantityMean.put(category.id(), category.quantityMean()));
    String mechanism =
        "Each order line picks an active product with probability proportional"
            + " to exp(category[category_id] + log_price * ln(list_price_eur / 50) + product_effect),"
            + " product_effect ~ Normal(0, product_effect_sd) fixed per product and not observable;"
            + " category_before applies to orders before drift_date, category_after from it on;"
            + " list_price_eur is the current list price divided by the generator's units_per_eur of"
            + " the first period day. quantity = 1 + Poisson(quantity_mean[category_id]"
            + " + business_extra_quantity if the customer's segment is business). Orders per day"
            + " follow the repurchase model, so a product's weekly units are its share of lines"
            + " times mean quantity: category, price and its past sales predict them.";
    return new Planted.WeeklyUnits(
        mechanism,
        BEFORE,
        AFTER,
        LOG_PRICE,
        PRODUCT_EFFECT_SD,
        quantityMean,
        BUSINESS_EXTRA_QUANTITY);
  }
}
