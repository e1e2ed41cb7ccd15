package io.strata.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code generate}. */
public interface GenerateOptions extends PipelineOptions {
  @Description("Folder to write the retail sample into.")
  @Validation.Required
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Seed: the same seed writes the same bytes.")
  @Default.Long(42L)
  long getSeed();

  void setSeed(long value);

  @Description("Days of history.")
  @Default.Integer(90)
  int getDays();

  void setDays(int value);

  @Description("Customers; orders and order lines scale with them.")
  @Default.Integer(2000)
  int getCustomers();

  void setCustomers(int value);
}
