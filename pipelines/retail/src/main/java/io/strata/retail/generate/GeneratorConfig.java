package io.strata.retail.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate: the same config always gives byte-identical files.
 *
 * @param outputDir where the input layout of DOMAIN.md is written
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

  /** The catalogue grows mildly with the customer base. */
  public int products() {
    return Math.max(300, customers / 100);
  }
}
