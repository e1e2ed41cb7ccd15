package io.strata.retail.generate;

import java.time.ZoneOffset;

/**
 * The allowed customer countries with the offset their timestamps carry and the currency they pay
 * in. Offsets are fixed (no daylight saving) so a timestamp's UTC date is easy to predict.
 */
enum Country {
  DE("+01:00", "EUR", 22),
  FR("+01:00", "EUR", 14),
  GB("Z", "GBP", 14),
  US("-05:00", "USD", 14),
  ES("+01:00", "EUR", 8),
  IT("+01:00", "EUR", 8),
  NL("+01:00", "EUR", 7),
  PL("+01:00", "EUR", 6),
  SE("+01:00", "EUR", 4),
  JP("+09:00", "USD", 3);

  private static final double[] CUMULATIVE = cumulativeWeights();

  final ZoneOffset offset;
  final String currency;
  private final int weight;

  Country(String offset, String currency, int weight) {
    this.offset = ZoneOffset.of(offset);
    this.currency = currency;
    this.weight = weight;
  }

  static Country draw(Rng rng) {
    return values()[rng.pickWeighted(CUMULATIVE)];
  }

  private static double[] cumulativeWeights() {
    double[] cumulative = new double[values().length];
    double sum = 0;
    for (Country country : values()) {
      sum += country.weight;
      cumulative[country.ordinal()] = sum;
    }
    return cumulative;
  }
}
