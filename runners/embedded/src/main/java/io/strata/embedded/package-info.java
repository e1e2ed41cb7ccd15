/** Real services (PostgreSQL, MLflow, later Kafka) started when no external one is configured. */
package io.strata.embedded;
