package io.strata.pipelines.config;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code generate}: the sample's size and seed, and where it goes. */
public interface GenerateOptions extends SampleOptions {
  @Description("Folder to write the retail sample into.")
  @Validation.Required
  String getOutputDir();

  void setOutputDir(String value);
}
