-- The layers. Per-table bronze and silver tables are created from the table contracts at run
-- time (a new dataset is configuration); everything shared by all datasets is versioned here.
CREATE SCHEMA IF NOT EXISTS bronze;
CREATE SCHEMA IF NOT EXISTS silver;
CREATE SCHEMA IF NOT EXISTS gold;
CREATE SCHEMA IF NOT EXISTS quarantine;
CREATE SCHEMA IF NOT EXISTS ops;

-- Every rejected record with all its reasons. One row per input record: a rerun refreshes it.
CREATE TABLE quarantine.rejected_rows (
    table_name      text        NOT NULL,
    source          text        NOT NULL,
    position        bigint      NOT NULL,
    payload         text        NOT NULL,
    reasons         jsonb       NOT NULL CHECK (jsonb_typeof(reasons) = 'array' AND jsonb_array_length(reasons) > 0),
    -- true when every reason is a missing parent: the row is re-checked on every later run
    replayable      boolean     NOT NULL,
    run_id          text        NOT NULL,
    rejected_at     timestamptz NOT NULL DEFAULT now(),
    resolved_run_id text,
    resolved_at     timestamptz,
    PRIMARY KEY (table_name, source, position)
);
CREATE INDEX rejected_rows_open ON quarantine.rejected_rows (table_name) WHERE resolved_run_id IS NULL AND replayable;

CREATE TABLE ops.runs (
    run_id      text PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status      text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    runner      text        NOT NULL,
    stages      text        NOT NULL,
    project     text        NOT NULL,
    message     text
);

-- Per run and table: bronze counts (read = new + already_present) and silver counts
-- (processed = upserted + quarantined + superseded).
CREATE TABLE ops.table_counts (
    run_id                 text    NOT NULL REFERENCES ops.runs (run_id),
    table_name             text    NOT NULL,
    rows_read              bigint  NOT NULL DEFAULT 0,
    bronze_new             bigint  NOT NULL DEFAULT 0,
    bronze_already_present bigint  NOT NULL DEFAULT 0,
    silver_processed       bigint  NOT NULL DEFAULT 0,
    silver_upserted        bigint  NOT NULL DEFAULT 0,
    quarantined            bigint  NOT NULL DEFAULT 0,
    superseded             bigint  NOT NULL DEFAULT 0,
    resolved               bigint  NOT NULL DEFAULT 0,
    bronze_seconds         numeric NOT NULL DEFAULT 0,
    silver_seconds         numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, table_name)
);

-- The last bronze row each silver table has consumed; moved only after its silver writes are durable.
CREATE TABLE ops.silver_watermarks (
    table_name     text PRIMARY KEY,
    last_bronze_id bigint NOT NULL
);
