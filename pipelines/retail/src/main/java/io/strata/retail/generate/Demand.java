package io.strata.retail.generate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides who orders each day from the planted model, keeping per customer only the last 28 days of
 * order counts, and when during the local day they order.
 */
final class Demand {
  private static final int WINDOW = 28;

  /** Relative order volume by local hour: evening-heavy, with orders around midnight. */
  private static final double[] CUMULATIVE_HOURS =
      cumulative(
          3, 1.5, 0.5, 0.3, 0.2, 0.3, 0.8, 2, 4, 5, 6, 6, 7, 6, 6, 6, 6, 7, 8, 9, 9, 8, 6, 4);

  /** A customer ordering at a time. */
  record Buyer(Customer customer, OffsetDateTime at) {}

  private final Rng rng;
  private final Population population;
  private final RepurchaseModel model;
  private final byte[] window;
  private final int[] recent;

  Demand(Rng rng, Population population, RepurchaseModel model) {
    this.rng = rng;
    this.population = population;
    this.model = model;
    this.window = new byte[population.size() * WINDOW];
    this.recent = new int[population.size()];
  }

  /** Today's buyers in time order. */
  List<Buyer> decide(int day, LocalDate date) {
    int slot = day % WINDOW;
    List<Buyer> buyers = new ArrayList<>();
    for (int i = 0; i < population.knownBefore(day); i++) {
      Customer customer = population.get(i);
      byte ordered = rng.chance(model.probability(customer, day, date, recent[i])) ? (byte) 1 : 0;
      // The slot held day - 28, which leaves the window now that today enters it.
      recent[i] += ordered - window[i * WINDOW + slot];
      window[i * WINDOW + slot] = ordered;
      if (ordered == 1) {
        buyers.add(new Buyer(customer, time(rng, date, customer.country)));
      }
    }
    buyers.sort(
        Comparator.comparing((Buyer b) -> b.at().toInstant())
            .thenComparingInt(b -> b.customer().number));
    return buyers;
  }

  static OffsetDateTime time(Rng rng, LocalDate date, Country country) {
    int hour = rng.pickWeighted(CUMULATIVE_HOURS);
    return date.atTime(hour, 0).plusSeconds(rng.nextInt(3600)).atOffset(country.offset);
  }

  private static double[] cumulative(double... weights) {
    double[] cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
    return cumulative;
  }
}
