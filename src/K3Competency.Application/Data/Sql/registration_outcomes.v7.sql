-- Registration outcomes, version 7: an attendance insert's step into registration_attendance returns the statement's
-- own counts beside the new ones, so the registrations that can move a figure are picked from what the step returns,
-- without joining the statement's counts again. Why: docs/adr/0005-outcome-maintenance.md, "Version 7".
--
-- Measured on the summary bench's import database (100,000 registrations, the fifth session's 100,000 rows inserted and
-- rolled back in psql): the trigger took about 1.0 s of the 2.8 s insert. Half of its statement went to the
-- statement's counts (a GROUP BY over the transition table) being read three times more after the step: hashed again
-- to join the stepped rows, scanned for the batches' thresholds, and hashed with the thresholds. Now UPDATE ... FROM
-- returns c.present and c.recorded with the counts after the step, the thresholds read the transition table's batches,
-- and only the registrations inserted for a first attendance (none after a batch's first file) are joined back: the
-- trigger takes about 0.7 s. Otherwise as v5 (the same delete and update paths, the same early return).

CREATE OR REPLACE FUNCTION k3_outcomes_after_attendances() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    nestloop text := current_setting('enable_nestloop');
    large boolean;
BEGIN
    -- A statement that wrote no attendance row changes nothing: INSERT ... ON CONFLICT DO UPDATE fires both
    -- triggers and one of them always has none (a check-in's UPDATE, or its INSERT when the person was already in).
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
            RETURN NULL;
        END IF;
        large := EXISTS (SELECT 1 FROM old_rows OFFSET 1000);
    ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    ELSE
        large := EXISTS (SELECT 1 FROM new_rows OFFSET 1000);
    END IF;
    -- A large statement's joins of its CTEs (the statement's counts with the stepped ones) are hashed whatever
    -- PostgreSQL estimates: it cannot know how many registrations a GROUP BY over a transition table gives, and a
    -- nested loop planned for a few hundred ran a test's 26,000-row demo load for minutes. A small one (a check-in)
    -- keeps its index look-ups.
    IF large THEN
        PERFORM set_config('enable_nestloop', 'off', true);
    END IF;
    PERFORM k3_outcome_changes_begin();
    IF TG_OP = 'INSERT' THEN
        -- The common case (an attendance file, a check-in) in one statement, without writing the registrations that
        -- move nothing anywhere. Only an insert can be a registration's first attendance: the rows already there are
        -- updated (a join), the others inserted, and ON CONFLICT takes a first attendance that a concurrent statement
        -- wrote after this one's snapshot.
        EXECUTE $sql$
        WITH changes AS (
            SELECT registration_id, batch_id, (count(*) FILTER (WHERE k3_present(status)))::int AS present, count(*)::int AS recorded
            FROM new_rows GROUP BY registration_id, batch_id
        ),
        updated AS (
            UPDATE registration_attendance ra
            SET present_sessions = ra.present_sessions + c.present, recorded_sessions = ra.recorded_sessions + c.recorded
            FROM changes c
            WHERE ra.registration_id = c.registration_id
            RETURNING c.registration_id, c.batch_id, c.present, c.recorded, ra.present_sessions, ra.recorded_sessions
        ),
        inserted AS (
            INSERT INTO registration_attendance AS ra (registration_id, present_sessions, recorded_sessions)
            SELECT c.registration_id, c.present, c.recorded FROM changes c
            WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.registration_id = c.registration_id)
            ON CONFLICT (registration_id) DO UPDATE SET present_sessions = ra.present_sessions + EXCLUDED.present_sessions,
                                                        recorded_sessions = ra.recorded_sessions + EXCLUDED.recorded_sessions
            RETURNING ra.registration_id, ra.present_sessions, ra.recorded_sessions
        ),
        -- The step returns the statement's counts with the new ones; only a first attendance's inserted row is joined
        -- back to them (an INSERT returns only its own columns).
        stepped AS (
            SELECT * FROM updated
            UNION ALL
            SELECT c.registration_id, c.batch_id, c.present, c.recorded, i.present_sessions, i.recorded_sessions
            FROM inserted i JOIN changes c ON c.registration_id = i.registration_id
        ),
        $sql$ || k3_attendance_thresholds_sql('new_rows') || $sql$
        INSERT INTO k3_outcome_changes (registration_id, batch_id, present_delta, recorded_delta)
        SELECT s.registration_id, s.batch_id, s.present, s.recorded
        FROM stepped s
        JOIN thresholds t ON t.batch_id = s.batch_id
        WHERE k3_attendance_moves(s.present_sessions - s.present, s.present_sessions, s.recorded_sessions - s.recorded, s.recorded_sessions,
                                  t.sessions, t.min_attendance_percent,
                                  (SELECT r.post_test_score FROM registrations r WHERE r.id = s.registration_id), t.passing_score)
        $sql$;
    ELSE
        IF TG_OP = 'DELETE' THEN
            INSERT INTO k3_outcome_changes (registration_id, batch_id, present_delta, recorded_delta)
            SELECT registration_id, batch_id, -count(*) FILTER (WHERE k3_present(status)), -count(*)
            FROM old_rows GROUP BY registration_id, batch_id;
        ELSE
            INSERT INTO k3_outcome_changes (registration_id, batch_id, present_delta, recorded_delta)
            SELECT registration_id, batch_id, sum(present), sum(recorded)
            FROM (SELECT registration_id, batch_id, k3_present(status)::int AS present, 1 AS recorded FROM new_rows
                  UNION ALL
                  SELECT registration_id, batch_id, -k3_present(status)::int, -1 FROM old_rows) a
            GROUP BY registration_id, batch_id
            HAVING sum(present) <> 0 OR sum(recorded) <> 0;
        END IF;
        -- A delete can follow its registration's; its counts row stays until that statement's recount, which builds
        -- the table again.
        EXECUTE $sql$
        WITH stepped AS (
            UPDATE registration_attendance ra
            SET present_sessions = ra.present_sessions + c.present_delta, recorded_sessions = ra.recorded_sessions + c.recorded_delta
            FROM k3_outcome_changes c
            WHERE ra.registration_id = c.registration_id
            RETURNING ra.registration_id, ra.present_sessions, ra.recorded_sessions
        ),
        $sql$ || k3_attendance_thresholds_sql('k3_outcome_changes') || $sql$
        DELETE FROM k3_outcome_changes c
        USING stepped s, thresholds t
        WHERE s.registration_id = c.registration_id AND t.batch_id = c.batch_id
          AND NOT k3_attendance_moves(s.present_sessions - c.present_delta, s.present_sessions,
                                      s.recorded_sessions - c.recorded_delta, s.recorded_sessions, t.sessions, t.min_attendance_percent,
                                      (SELECT r.post_test_score FROM registrations r WHERE r.id = c.registration_id), t.passing_score)
        $sql$;
    END IF;
    PERFORM set_config('enable_nestloop', nestloop, true);
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;
