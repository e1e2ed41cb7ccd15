#!/bin/bash
# Runs once, when the postgres container initialises an empty data volume: creates the role and
# database that MLflow's tracking server uses as its backend store, beside Strata's database.
# The password comes from the environment (MLFLOW_DB_PASSWORD in .env), bound as a psql
# variable so it is quoted by the server's rules and never appears in this file.
set -euo pipefail

psql -v ON_ERROR_STOP=1 -v mlflow_password="$MLFLOW_DB_PASSWORD" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE mlflow LOGIN PASSWORD :'mlflow_password';
CREATE DATABASE mlflow OWNER mlflow;
SQL
