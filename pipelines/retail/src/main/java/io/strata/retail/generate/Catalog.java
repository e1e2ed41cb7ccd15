package io.strata.retail.generate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The product catalogue: the initial file, weekly price changes and discontinuations, and the
 * weighted draw that order lines use to pick products.
 */
final class Catalog {
  private static final List<String> ADJECTIVES =
      List.of("Classic", "Nordic", "Café", "Urban", "Crème", "Alpine", "Vintage", "Eco", "Łódź");
  private static final int CHANGE_WEEKDAY = 3;

  private final List<Product> products = new ArrayList<>();
  private final LocalDate start;
  private final FxRates fx;
  private double[] cumulativeWeights;
  private boolean drifted;

  Catalog(Rng rng, int count, LocalDate start, FxRates fx) {
    this.start = start;
    this.fx = fx;
    for (int number = 1; number <= count; number++) {
      products.add(product(rng, number));
    }
    reweigh();
  }

  private Product product(Rng rng, int number) {
    Category category = rng.pick(Category.ALL);
    String noun = rng.pick(category.nouns());
    String name = rng.pick(ADJECTIVES) + " " + noun;
    double roll = rng.nextDouble();
    if (roll < 0.03) {
      name =
          noun.substring(0, 1).toUpperCase(Locale.ROOT)
              + noun.substring(1)
              + ", "
              + rng.pickOf("large", "small", "set of 2");
    } else if (roll < 0.05) {
      name = rng.between(8, 14) + "\" " + name;
    }
    String currency = rng.chance(0.85) ? "EUR" : rng.chance(0.67) ? "USD" : "GBP";
    BigDecimal eur =
        category.giftCard()
            ? new BigDecimal(rng.pickOf("25.00", "50.00", "100.00"))
            : listPrice(rng, category.medianPrice() * StrictMath.exp(0.5 * rng.gaussian()));
    BigDecimal price = eur.multiply(fx.perEur(currency, start)).setScale(2, RoundingMode.HALF_UP);
    OffsetDateTime updated =
        Stamp.randomTime(rng, start.minusDays(rng.between(1, 400)), ZoneOffset.UTC);
    return new Product(
        number,
        name,
        category,
        UnitsModel.PRODUCT_EFFECT_SD * rng.gaussian(),
        tags(rng, category),
        price,
        currency,
        updated);
  }

  /** A shop-like price: whole units plus .99, .90, .49 or nothing. */
  private static BigDecimal listPrice(Rng rng, double raw) {
    BigDecimal units = BigDecimal.valueOf(Math.max(1, (long) raw));
    return units.add(new BigDecimal(rng.pickOf("0.99", "0.90", "0.49", "0.00")));
  }

  private static List<String> tags(Rng rng, Category category) {
    List<String> pool = new ArrayList<>(category.tags());
    rng.shuffle(pool);
    List<String> tags = new ArrayList<>(pool.subList(0, rng.between(1, Math.min(3, pool.size()))));
    if (rng.chance(0.2)) {
      // Same tag again in another form: silver trims, lower-cases and de-duplicates.
      String first = tags.get(0);
      tags.add(rng.chance(0.5) ? " " + first.toUpperCase(Locale.ROOT) : first + " ");
    }
    return tags;
  }

  /** From now on order lines pick products with the drifted category coefficients. */
  void drift() {
    drifted = true;
    reweigh();
  }

  private void reweigh() {
    cumulativeWeights = new double[products.size()];
    double sum = 0;
    for (int i = 0; i < products.size(); i++) {
      Product product = products.get(i);
      if (product.active) {
        BigDecimal priceEur =
            product.price.divide(fx.perEur(product.currency, start), 6, RoundingMode.HALF_UP);
        sum += UnitsModel.weight(product.category, priceEur, product.effect, drifted);
      }
      cumulativeWeights[i] = sum;
    }
  }

  Product pick(Rng rng) {
    return products.get(rng.pickWeighted(cumulativeWeights));
  }

  Product any(Rng rng) {
    return rng.pick(products);
  }

  /** The list price converted into the order's currency at the day's rates. */
  BigDecimal unitPrice(Product product, String currency, LocalDate date) {
    if (product.currency.equals(currency)) {
      return product.price;
    }
    BigDecimal eur =
        product.price.divide(fx.perEur(product.currency, date), 8, RoundingMode.HALF_UP);
    return eur.multiply(fx.perEur(currency, date)).setScale(2, RoundingMode.HALF_UP);
  }

  void writeInitial(JsonTable table) throws IOException {
    for (Product product : products) {
      table.write(product.json(), List.of(), true);
    }
  }

  static boolean changeDay(int day) {
    return day % 7 == CHANGE_WEEKDAY;
  }

  /** Price changes and discontinuations, written as new valid versions. */
  void writeChanges(Rng rng, LocalDate date, JsonTable table) throws IOException {
    for (Product product : products) {
      double roll = rng.nextDouble();
      if (roll < 0.03) {
        double factor = 1 + (rng.chance(0.5) ? 1 : -1) * (0.05 + 0.15 * rng.nextDouble());
        product.price =
            product
                .price
                .multiply(BigDecimal.valueOf(factor))
                .setScale(2, RoundingMode.HALF_UP)
                .max(new BigDecimal("0.99"));
      } else if (roll < 0.035 && product.active) {
        product.active = false;
      } else {
        continue;
      }
      product.updatedAt = changeTime(rng, date);
      table.write(product.json(), List.of(), false);
    }
    reweigh();
  }

  /** A time on the date that is later than every earlier version (those are on earlier days). */
  static OffsetDateTime changeTime(Rng rng, LocalDate date) {
    return Stamp.randomTime(rng, date, rng.chance(0.7) ? ZoneOffset.UTC : ZoneOffset.ofHours(1));
  }

  long silverTags() {
    return products.stream().mapToLong(Product::silverTags).sum();
  }
}
