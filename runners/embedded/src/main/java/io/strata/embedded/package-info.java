/** Real services (PostgreSQL, Kafka, later MLflow) started when no external one is configured. */
package io.strata.embedded;
