package io.strata.bench;

import io.strata.pipelines.config.StrataOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of {@code bench}; the warehouse options are {@code run}'s (absent: an embedded
 * PostgreSQL).
 */
public interface BenchOptions extends StrataOptions {
  @Description(
      "Order lines per measured input, comma-separated; each size gets its own generated sample.")
  @Default.String("100000,1000000")
  String getSizes();

  void setSizes(String value);

  @Description(
      "Times each contender runs per size; the report gives the median, the minimum and the maximum.")
  @Default.Integer(3)
  int getRepeats();

  void setRepeats(int value);

  @Description(
      "Contenders to run, comma-separated (copy,psql,copy-bronze,jdbcio,strata-direct,strata-flink,pandas-to-sql,pandas-copy); empty: all; none: only the medallion.")
  @Default.String("")
  String getContenders();

  void setContenders(String value);

  @Description(
      "Runners the whole medallion is measured on at every size, against the same work as hand-written SQL"
          + " (DirectRunner,FlinkRunner; the FlinkRunner on a local mini-cluster with --parallelism=2); empty: none.")
  @Default.String("DirectRunner,FlinkRunner")
  String getMedallionRunners();

  void setMedallionRunners(String value);

  @Description(
      "At the largest size, one more medallion run on the DirectRunner with this heap (-Xmx); empty: none.")
  @Default.String("1g")
  String getLimitedHeap();

  void setLimitedHeap(String value);

  @Description(
      "Where the generated inputs, the report (bench.json, bench.png) and the contenders' logs go.")
  @Default.String("target/strata/bench")
  String getBenchDir();

  void setBenchDir(String value);
}
