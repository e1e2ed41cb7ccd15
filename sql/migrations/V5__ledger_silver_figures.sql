-- The ledger keeps every figure its checks compare, so a stored run can be re-proved from SQL:
-- silver_selected (bronze rows pending when silver started: new since the watermark plus
-- quarantined rows waiting for a parent) must equal silver_input (the rows silver read).
ALTER TABLE ops.table_counts ADD COLUMN silver_selected bigint NOT NULL DEFAULT 0;
ALTER TABLE ops.table_counts ADD COLUMN silver_input bigint NOT NULL DEFAULT 0;
