-- Silver's candidates: the silver stage's Beam job COPYs every typed, validated candidate (and
-- its reasons) into staging.silver_<table>, an UNLOGGED table it recreates each run; foreign
-- keys, de-duplication, the silver upsert and quarantine then run as set-based SQL in one
-- transaction with the watermark, which also drops the table. Nothing here outlives a run.
CREATE SCHEMA IF NOT EXISTS staging;
