package io.strata.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;

/**
 * Options of {@code run}, {@code stack} and {@code produce}; Beam-style, so runner options mix in
 * freely. {@code --streaming} (from {@link StreamingOptions}) makes {@code run} keep reading Kafka
 * in windows of {@code --windowSeconds}.
 */
public interface StrataOptions extends StreamingOptions {
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

  @Description(
      "Folder of raw input (customers/, orders/, ...). Absent: the retail sample is generated into <workDir>/input.")
  String getInputDir();

  void setInputDir(String value);

  @Description(
      "Project folder with contracts/*.yaml and gold/*.sql. Absent: the bundled retail sample.")
  String getProjectDir();

  void setProjectDir(String value);

  @Description(
      "Base URL of the FX rates API. Absent: the sample FX API is served from <inputDir>/fx over local HTTP.")
  String getFxApiUrl();

  void setFxApiUrl(String value);

  @Description(
      "Kafka bootstrap servers of the Kafka sources (topic payments). Absent: an embedded broker is started under"
          + " <workDir>/kafka and each Kafka contract's files are published to its topic (3 partitions) first.")
  String getKafkaBootstrapServers();

  void setKafkaBootstrapServers(String value);

  @Description(
      "Kafka consumer group whose committed offsets say where bronze resumes; committed only once rows are in bronze.")
  @Default.String(StrataDefaults.KAFKA_GROUP_ID)
  String getKafkaGroupId();

  void setKafkaGroupId(String value);

  @Description(
      "With --streaming: seconds per window. Each window reads the Kafka sources to the end offsets found when it"
          + " starts, refreshes silver, quarantine and gold, and writes one ledger run (ops.runs.stream_id, window_no).")
  @Default.Integer(10)
  int getWindowSeconds();

  void setWindowSeconds(int value);

  @Description(
      "MLflow tracking server URI (served with --serve-artifacts). Absent: the pinned MLflow is started with its backend store in the database mlflow of the warehouse's PostgreSQL server.")
  String getMlflowTrackingUri();

  void setMlflowTrackingUri(String value);

  @Description("Comma-separated subset of bronze,silver,gold,ml to run.")
  @Default.String("bronze,silver,gold,ml")
  String getStages();

  void setStages(String value);

  @Description("Where the embedded services and generated input live between runs.")
  @Default.String("target/strata")
  String getWorkDir();

  void setWorkDir(String value);

  @Description("Rows per COPY batch on every bulk write.")
  @Default.Integer(50_000)
  int getBatchSize();

  void setBatchSize(int value);

  @Description("Seed of the generated sample when no --inputDir is given.")
  @Default.Long(42L)
  long getSeed();

  void setSeed(long value);

  @Description("Days of the generated sample when no --inputDir is given.")
  @Default.Integer(90)
  int getDays();

  void setDays(int value);

  @Description("Customers of the generated sample when no --inputDir is given.")
  @Default.Integer(2000)
  int getCustomers();

  void setCustomers(int value);

  @Description(
      "ml: labelled weekly windows each model trains on; 0 = expanding (all), n = sliding (the last n).")
  @Default.Integer(0)
  int getTrainingWindows();

  void setTrainingWindows(int value);

  @Description("ml: labelled windows a model needs before it is evaluated (warm-up).")
  @Default.Integer(2)
  int getWarmupWindows();

  void setWarmupWindows(int value);

  @Description(
      "ml: repurchase classifier, logistic (Tribuo LinearSGD, log loss) or xgboost (gradient-boosted trees).")
  @Default.String("logistic")
  String getClassifier();

  void setClassifier(String value);

  @Description(
      "ml: weekly-units regressor, linear (Tribuo LinearSGD, squared loss) or xgboost (gradient-boosted trees).")
  @Default.String("xgboost")
  String getRegressor();

  void setRegressor(String value);

  @Description("ml: seed of every trainer.")
  @Default.Long(42L)
  long getMlSeed();

  void setMlSeed(long value);
}
