-- Registration outcomes, version 3: the same figures, an attendance statement's share of them kept for less
-- (issue 11's import goal, still missed by version 2). The rule, the view, the figures table, k3_apply_outcome_changes
-- and the sessions, batches and programmes triggers stay as registration_outcomes.v1.sql and .v2.sql left them; the
-- registrations and participants triggers only move two statements into EXECUTE (at the end of this file). Why:
-- docs/adr/0005-outcome-maintenance.md, "Version 3".
--
-- Measured on a 100,000-registration batch of five sessions (docs/PERFORMANCE.md), an attendance file's trigger spent
-- its time in two places that grow with the file rather than with what it changes:
--   1. the step into registration_attendance checked its foreign key to registrations once per new row (a row-level
--      constraint trigger: 100,000 look-ups for a first attendance file); and
--   2. every registration the file touched went through registration_outcomes and both of its sides were worked out,
--      although most rows of a later session move no flag at all (a second session present changes nothing).
-- Now:
--   1. registration_attendance has no foreign key. It is derived data: only the attendance triggers and
--      k3_recount_outcome_figures write it, and a deleted registration recounts everything, which builds the table
--      again from the attendance rows (so no row outlives its registration past that statement);
--   2. the attendance trigger describes a registration's change by its counts before and after (the step into
--      registration_attendance returns the counts after; before is after less the statement's delta) and hands on
--      to k3_apply_outcome_changes only the registrations where a flag that reads attendance can differ between the
--      two (k3_attendance_moves). The others count in the figures exactly as they did: their step is in
--      registration_attendance, which is all that changes for them; and
--   3. an insert (an attendance file's new session, a check-in) does all of it in one statement, updating the counts
--      rows already there through a join rather than one conflict at a time, and writes only the registrations that
--      move into k3_outcome_changes.

-- Whether a registration's attendance going from (present_before, recorded_before) to (present_after, recorded_after)
-- sessions can move anything the figures count: having any attendance row (without_attendance), being present at all
-- (k3_attended, hence upgraded), or meeting the attendance threshold (k3_attendance_met, hence completed and
-- high-performing) while the post-test meets the passing score (below it, completed is false on both sides whatever
-- the attendance). Everything else the figures read is the registration's own columns, which an attendance
-- statement does not change.
CREATE FUNCTION k3_attendance_moves(present_before integer, present_after integer, recorded_before integer, recorded_after integer,
                                    sessions integer, min_attendance_percent numeric, post_test_score numeric, passing_score numeric)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (recorded_before = 0) <> (recorded_after = 0)
        OR k3_attended(present_before) <> k3_attended(present_after)
        OR (k3_attendance_met(present_before, sessions, min_attendance_percent) <> k3_attendance_met(present_after, sessions, min_attendance_percent)
            AND k3_score_met(post_test_score, passing_score))
$$;

ALTER TABLE registration_attendance DROP CONSTRAINT IF EXISTS registration_attendance_registration_id_fkey;

-- The batches of the statement's changes with what k3_attendance_moves needs of each (the text of a CTE).
CREATE FUNCTION k3_attendance_thresholds_sql(changes text) RETURNS text
LANGUAGE sql IMMUTABLE AS $f$ SELECT format($sql$
    thresholds AS MATERIALIZED (
        SELECT b.id AS batch_id, (SELECT count(*) FROM sessions s WHERE s.batch_id = b.id)::int AS sessions,
               p.min_attendance_percent, p.passing_score
        FROM batches b JOIN programmes p ON p.id = b.programme_id
        WHERE b.id IN (SELECT batch_id FROM %s)
    )
$sql$, changes) $f$;

-- Attendance: the registrations whose present (or recorded) sessions went up or down, stepped into
-- registration_attendance; of them, only those whose step can move a figure are left in k3_outcome_changes. The
-- step comes first, so that the outcomes read next are those after it, and a second trigger of the same statement
-- (INSERT ... ON CONFLICT DO UPDATE fires both) starts where this one ended. It returns the counts after it; the
-- counts before are those less the statement's change. EXECUTE, as in k3_apply_outcome_changes, so that each plan
-- fits its statement's size (one check-in or a 100,000-row file) rather than the first one's in the session.
CREATE OR REPLACE FUNCTION k3_outcomes_after_attendances() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
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
            RETURNING ra.registration_id, ra.present_sessions, ra.recorded_sessions
        ),
        inserted AS (
            INSERT INTO registration_attendance AS ra (registration_id, present_sessions, recorded_sessions)
            SELECT c.registration_id, c.present, c.recorded FROM changes c
            WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.registration_id = c.registration_id)
            ON CONFLICT (registration_id) DO UPDATE SET present_sessions = ra.present_sessions + EXCLUDED.present_sessions,
                                                        recorded_sessions = ra.recorded_sessions + EXCLUDED.recorded_sessions
            RETURNING ra.registration_id, ra.present_sessions, ra.recorded_sessions
        ),
        stepped AS (SELECT * FROM updated UNION ALL SELECT * FROM inserted),
        $sql$ || k3_attendance_thresholds_sql('changes') || $sql$
        INSERT INTO k3_outcome_changes (registration_id, batch_id, present_delta, recorded_delta)
        SELECT c.registration_id, c.batch_id, c.present, c.recorded
        FROM changes c
        JOIN stepped s ON s.registration_id = c.registration_id
        JOIN thresholds t ON t.batch_id = c.batch_id
        WHERE k3_attendance_moves(s.present_sessions - c.present, s.present_sessions, s.recorded_sessions - c.recorded, s.recorded_sessions,
                                  t.sessions, t.min_attendance_percent,
                                  (SELECT r.post_test_score FROM registrations r WHERE r.id = c.registration_id), t.passing_score)
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
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;

-- Registrations and participants: the statements that join a statement's old rows with its new rows, through EXECUTE.
-- PL/pgSQL keeps the plan of a static statement for the rest of the session, made for the transition tables of its
-- first run; an import's INSERT ... ON CONFLICT DO UPDATE fires the UPDATE trigger with no rows, so a connection that
-- imported registrations first kept a nested loop over the two transition tables and ran a later 100,000-row results
-- file as 10^10 comparisons (the 1,000,000-row summary bench stopped there; a 0-row UPDATE of registrations then a
-- 100,000-row one in one session reproduces it: over 60 s instead of 4 s). Otherwise as registration_outcomes.v1.sql.
CREATE OR REPLACE FUNCTION k3_outcomes_after_registrations() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM k3_recount_outcome_figures();
        RETURN NULL;
    END IF;
    PERFORM k3_outcome_changes_begin();
    IF TG_OP = 'INSERT' THEN
        PERFORM k3_outcome_figures_lock();
        INSERT INTO repeat_participants
        SELECT r.participant_id FROM registrations r
        WHERE r.participant_id IN (SELECT participant_id FROM new_rows)
        GROUP BY r.participant_id HAVING count(*) > 1
        ON CONFLICT DO NOTHING;
        INSERT INTO k3_outcome_changes (registration_id, batch_id, inserted)
        SELECT id, batch_id, true FROM new_rows;
    -- EXCEPT rather than a join of old_rows with new_rows: PostgreSQL plans EXISTS over a join of two transition
    -- tables as a nested loop, quadratic in the rows (minutes for a 100,000-row results file); a set operation
    -- hashes. A changed id shows as a difference too, and counts everything again.
    ELSIF EXISTS (SELECT id, batch_id, participant_id FROM new_rows EXCEPT SELECT id, batch_id, participant_id FROM old_rows) THEN
        PERFORM k3_recount_outcome_figures();
        RETURN NULL;
    ELSE
        -- (A transition table's rows are plain records; ROW(o.*) makes one a registrations row again.)
        EXECUTE $sql$
        INSERT INTO k3_outcome_changes (registration_id, batch_id, old_registration)
        SELECT n.id, n.batch_id, ROW(o.*)::registrations FROM new_rows n JOIN old_rows o ON o.id = n.id
        $sql$;
    END IF;
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION k3_outcomes_after_participants() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    PERFORM k3_outcome_changes_begin();
    EXECUTE $sql$
    INSERT INTO k3_outcome_changes (registration_id, batch_id, old_province_code)
    SELECT r.id, r.batch_id, o.province_code
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id AND o.province_code IS DISTINCT FROM n.province_code
    JOIN registrations r ON r.participant_id = n.id
    $sql$;
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;
