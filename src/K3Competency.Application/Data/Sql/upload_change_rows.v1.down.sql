-- Back to one log: the inserted rows go to upload_changes as they were recorded before (no before-values), so every
-- upload stays undoable; the migration then drops upload_inserts.
INSERT INTO upload_changes (upload_id, table_name, row_id, before, before_xmin, after_xmin)
SELECT i.upload_id, i.table_name, r.row_id, NULL, NULL, i.after_xmin
FROM upload_inserts i CROSS JOIN LATERAL unnest(i.row_ids) AS r(row_id);
DROP VIEW upload_change_rows;
