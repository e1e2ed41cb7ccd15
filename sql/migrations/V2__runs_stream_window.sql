-- Streaming mode writes one run per window: the stream it belongs to (the run id of its first
-- window) and the window's number (0 is the catch-up over every source). Batch runs leave both null.
ALTER TABLE ops.runs ADD COLUMN stream_id text;
ALTER TABLE ops.runs ADD COLUMN window_no integer;
CREATE INDEX runs_stream ON ops.runs (stream_id, window_no) WHERE stream_id IS NOT NULL;
