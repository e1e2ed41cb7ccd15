package io.strata.pipelines.config;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The retail sample to generate: by {@code generate}, or by {@code run} without --inputDir. */
public interface SampleOptions extends PipelineOptions {
  @Description("Seed of the generated sample: the same seed writes the same bytes.")
  @Default.Long(42L)
  long getSeed();

  void setSeed(long value);

  @Description("Days of history of the generated sample.")
  @Default.Integer(90)
  int getDays();

  void setDays(int value);

  @Description("Customers of the generated sample; orders and order lines scale with them.")
  @Default.Integer(2000)
  int getCustomers();

  void setCustomers(int value);
}
