/** Real services (PostgreSQL, Kafka, MLflow) started when no external one is configured. */
package io.strata.embedded;
