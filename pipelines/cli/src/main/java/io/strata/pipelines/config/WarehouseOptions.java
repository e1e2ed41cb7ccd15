package io.strata.pipelines.config;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the warehouse is and who connects; the password never comes from an argument. */
public interface WarehouseOptions extends PipelineOptions {
  @Description(
      "PostgreSQL warehouse (jdbc:postgresql://host:port/db). Absent: an embedded PostgreSQL is started.")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description(
      "Warehouse user. The password comes from the environment variable STRATA_JDBC_PASSWORD or --jdbcPasswordFile, never from an argument.")
  @Default.String(StrataDefaults.DATABASE_USER)
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description(
      "A file whose first line is the warehouse password (instead of STRATA_JDBC_PASSWORD).")
  String getJdbcPasswordFile();

  void setJdbcPasswordFile(String value);
}
