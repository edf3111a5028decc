-- Attendance carries the batch of its registration (DESIGN §9), so that both of its foreign keys can include the
-- batch and PostgreSQL refuses attendance on a session of another batch.
UPDATE attendances a SET batch_id = r.batch_id FROM registrations r WHERE r.id = a.registration_id;

-- Rows that the new foreign keys refuse (a session of another batch than the registration's) never counted for
-- anything and cannot be kept: they are deleted, and kept, whole, in one audit entry, so that nothing goes
-- without a trace.
WITH gone AS (
    DELETE FROM attendances a USING sessions s
    WHERE s.id = a.session_id AND s.batch_id <> a.batch_id
    RETURNING a.*
)
INSERT INTO audit_entries (at, user_id, user_name, action, entity_type, entity_id, before, after)
SELECT now(), 'system', 'system', 'attendance.remove-other-batch', 'Attendance', NULL,
       jsonb_build_object('count', count(*), 'rows', jsonb_agg(to_jsonb(gone) ORDER BY gone.id)), NULL
FROM gone
HAVING count(*) > 0;

ALTER TABLE attendances ALTER COLUMN batch_id DROP DEFAULT;
