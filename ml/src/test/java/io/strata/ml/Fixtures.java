package io.strata.ml;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small synthetic history: customers who order with a probability that grows with recent orders.
 */
final class Fixtures {
  static final LocalDate START = LocalDate.of(2026, 1, 5);

  private Fixtures() {}

  static History history(long seed, int customers, int days) {
    Random rng = new Random(seed);
    List<History.Customer> cs = new ArrayList<>();
    List<History.Line> lines = new ArrayList<>();
    List<History.FailedPayment> failed = new ArrayList<>();
    String[] countries = {"DE", "FR", "ES"};
    String[] channels = {"web", "store", "app"};
    int order = 0;
    for (int i = 0; i < customers; i++) {
      String id = String.format("C%06d", i);
      String segment = i % 4 == 0 ? "business" : "consumer";
      cs.add(new History.Customer(id, countries[i % 3], segment, START.minusDays(30 + i)));
      double propensity = -3.5 + (segment.equals("business") ? 0.8 : 0) + rng.nextGaussian() * 0.5;
      int recent = 0;
      for (int d = 0; d < days; d++) {
        double p = 1 / (1 + Math.exp(-(propensity + 0.3 * Math.min(recent, 5))));
        if (rng.nextDouble() < p) {
          recent++;
          LocalDate date = START.plusDays(d);
          String orderId = String.format("O%08d", order++);
          int n = 1 + rng.nextInt(3);
          for (int l = 0; l < n; l++) {
            int product = rng.nextInt(20);
            int q = 1 + rng.nextInt(3);
            double price = 10 + product;
            double discount = rng.nextInt(3) * 0.05;
            lines.add(
                new History.Line(
                    orderId,
                    id,
                    date,
                    channels[rng.nextInt(3)],
                    String.format("P%05d", product),
                    "CAT-0" + (product % 5),
                    q,
                    discount,
                    q * price * (1 - discount),
                    q * price));
          }
          if (rng.nextDouble() < 0.05) {
            failed.add(new History.FailedPayment(id, date));
          }
        }
      }
    }
    return new History(cs, lines, failed);
  }
}
