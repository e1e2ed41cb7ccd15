package io.strata.pipelines.config;

/**
 * Names and ports the project uses by default. docker-compose.yml, Terraform outputs and the
 * embedded stack agree with these; a test checks docker-compose.yml against them.
 */
public final class StrataDefaults {
  public static final String DATABASE = "strata";
  public static final String DATABASE_USER = "strata";
  public static final String MLFLOW_DATABASE = "mlflow";
  public static final int POSTGRES_PORT = 5432;
  public static final int KAFKA_PORT = 9092;
  public static final String PAYMENTS_TOPIC = "payments";
  public static final int PAYMENTS_PARTITIONS = 3;

  /** The consumer group whose committed offsets are bronze's position in each Kafka topic. */
  public static final String KAFKA_GROUP_ID = "strata-bronze";

  public static final int MLFLOW_PORT = 5000;
  public static final int FLINK_REST_PORT = 8081;
  public static final String JDBC_PASSWORD_ENV = "STRATA_JDBC_PASSWORD";

  private StrataDefaults() {}
}
