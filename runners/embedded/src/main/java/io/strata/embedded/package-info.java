/** Real services (PostgreSQL, later Kafka and MLflow) started when no external one is configured. */
package io.strata.embedded;
