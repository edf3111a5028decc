-- Every row an import recorded (ADR 0008), one per upload, table and row: the rows it updated, with their
-- before-values, from upload_changes (which also holds the inserted rows of imports from before upload_inserts, and
-- the inserted rows an undo moved there with a new xmin); the rows it inserted from upload_inserts, one array per
-- merge statement. A row is in one of the two, never both. Read by the undo and the page of an upload's changes.
CREATE VIEW upload_change_rows AS
SELECT c.upload_id, c.table_name, c.row_id, c.before, c.before_xmin, c.after_xmin
FROM upload_changes c
UNION ALL
SELECT i.upload_id, i.table_name, r.row_id, NULL::jsonb, NULL::xid, i.after_xmin
FROM upload_inserts i CROSS JOIN LATERAL unnest(i.row_ids) AS r(row_id);
