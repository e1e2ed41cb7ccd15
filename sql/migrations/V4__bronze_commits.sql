-- With a runner that checkpoints (FlinkRunner with --checkpointingInterval), a streaming run reads its
-- Kafka sources with one unbounded job that writes bronze bundle by bundle. Each write logs here, in
-- its own transaction, what it read and what was new; each window of the stream then claims the
-- commits logged since the last one, so its ledger entry counts exactly what reached bronze.
CREATE TABLE ops.bronze_commits (
  commit_id bigserial PRIMARY KEY,
  stream_id text NOT NULL,
  table_name text NOT NULL,
  rows_read bigint NOT NULL,
  bronze_new bigint NOT NULL,
  bronze_already_present bigint NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now(),
  window_run_id text
);
CREATE INDEX bronze_commits_unclaimed ON ops.bronze_commits (commit_id) WHERE window_run_id IS NULL;
