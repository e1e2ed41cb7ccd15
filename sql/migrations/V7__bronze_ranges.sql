-- Bronze keeps loads idempotent by range instead of a unique index on every row's lineage: each
-- write records, in the same transaction as its rows, the first and last position it wrote of each
-- source; a record whose position lies in a recorded range of its source is already present.
CREATE TABLE ops.bronze_ranges (
  table_name text NOT NULL,
  source text NOT NULL,
  first_position bigint NOT NULL,
  last_position bigint NOT NULL CHECK (last_position >= first_position),
  run_id text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (table_name, source, first_position)
);

-- Bronze tables of the earlier layout: their rows become ranges (one per run of consecutive
-- positions of a source), and the per-row unique key, the primary key and the NOT NULL on the raw
-- text go. Splitting each record into one column per field needs the contract, so the run does
-- that when it first meets such a table (BronzeTable).
DO $$
DECLARE
  t text;
  k text;
BEGIN
  FOR t IN SELECT c.table_name FROM information_schema.columns c
           WHERE c.table_schema = 'bronze' AND c.column_name = 'record' ORDER BY 1 LOOP
    EXECUTE format(
      'INSERT INTO ops.bronze_ranges (table_name, source, first_position, last_position, run_id)'
      ' SELECT %L, source, min(position), max(position), ''migrated'' FROM ('
      '   SELECT source, position, position - row_number() OVER (PARTITION BY source ORDER BY position) AS run'
      '   FROM bronze.%I) numbered GROUP BY source, run', t, t);
    FOR k IN SELECT conname FROM pg_constraint
             WHERE conrelid = format('bronze.%I', t)::regclass AND contype IN ('p', 'u') LOOP
      EXECUTE format('ALTER TABLE bronze.%I DROP CONSTRAINT %I', t, k);
    END LOOP;
    EXECUTE format('ALTER TABLE bronze.%I ALTER COLUMN payload DROP NOT NULL', t);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON bronze.%I USING brin (bronze_id)', t || '_bronze_id', t);
  END LOOP;
END $$;
