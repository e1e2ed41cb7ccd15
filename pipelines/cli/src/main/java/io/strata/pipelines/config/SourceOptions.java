package io.strata.pipelines.config;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The project (contracts and gold models) and where its file and HTTP sources are read. */
public interface SourceOptions extends PipelineOptions {
  @Description(
      "Folder of raw input (customers/, orders/, ...). Absent: the retail sample is generated into <workDir>/input.")
  String getInputDir();

  void setInputDir(String value);

  @Description(
      "Project folder with contracts/*.yaml and gold/*.sql. Absent: the bundled retail sample (pipelines/retail).")
  String getProjectDir();

  void setProjectDir(String value);

  @Description(
      "Base URL of the FX rates API. Absent: the sample FX API is served from <inputDir>/fx over local HTTP.")
  String getFxApiUrl();

  void setFxApiUrl(String value);
}
