package io.strata.retail.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate: the same config always gives byte-identical files. Built by name from {@link
 * #defaults}: {@code GeneratorConfig.defaults(dir).withSeed(7).withCustomers(400)}.
 *
 * @param outputDir where the input layout of the sample's SPEC.md is written
 * @param seed the only source of randomness
 * @param days how many daily files each source gets
 * @param customers how many real customers exist by the end of the period
 * @param startDate the first day of the period
 */
public record GeneratorConfig(
    Path outputDir, long seed, int days, int customers, LocalDate startDate) {

  public GeneratorConfig {
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(startDate, "startDate");
    // Below a week the FX history cannot have three pages and the defect plan gets cramped.
    if (days < 7 || days > 3660) {
      throw new IllegalArgumentException("days must be between 7 and 3660, was " + days);
    }
    // Customer ids have six digits and unknown-customer ids live above the real ones.
    if (customers < 100 || customers > 900_000) {
      throw new IllegalArgumentException(
          "customers must be between 100 and 900000, was " + customers);
    }
  }

  /** Seed 42, 90 days, 2000 customers, starting Monday 2026-01-05. */
  public static GeneratorConfig defaults(Path outputDir) {
    return new GeneratorConfig(outputDir, 42, 90, 2000, LocalDate.of(2026, 1, 5));
  }

  public GeneratorConfig withSeed(long s) {
    return new GeneratorConfig(outputDir, s, days, customers, startDate);
  }

  public GeneratorConfig withDays(int d) {
    return new GeneratorConfig(outputDir, seed, d, customers, startDate);
  }

  public GeneratorConfig withCustomers(int c) {
    return new GeneratorConfig(outputDir, seed, days, c, startDate);
  }

  public GeneratorConfig withStartDate(LocalDate d) {
    return new GeneratorConfig(outputDir, seed, days, customers, d);
  }

  /** The catalogue grows mildly with the customer base. */
  public int products() {
    return Math.max(300, customers / 100);
  }
}
