-- Registration outcomes, version 5: the figures in stripes, so that check-ins of different people do not queue for
-- the same rows (issue 13's bench). Why: docs/adr/0005-outcome-maintenance.md, "Version 5".
--
-- Version 4 let check-ins of different people run their figure statements side by side, but each still ended by
-- adding its +1 to the same rows of outcome_figures (the batch's 'all' row, its category, field, province, mode and
-- institution rows), and a row updated by one transaction is locked until it commits: 100 phones at once queued
-- there, one commit after another (./k3 bench checkin on a quiet machine: 150-280 check-ins/s, p99 3-4.5 s, nearly
-- every waiting backend in Lock:transactionid on a tuple of outcome_figures).
--
-- Now the counts are kept in outcome_figure_stripes, the former table with a stripe number in its key, and
-- outcome_figures is a view that sums the stripes: every reader reads the same figures as before, exact at every
-- commit. A writer under the exclusive lock (files, forms, sessions, programmes, the recount) adds to stripe 0; a
-- one-person change under the shared lock (the check-in, k3.outcome_lock = 'person') adds to the stripe of its
-- database session, 1 to 16, so two check-ins wait for each other only when their sessions share a stripe. The
-- additions commute, so which stripe holds what never matters to a sum. The rows a reader sums stay bounded: at most
-- 17 per batch and code, whatever the number of registrations; the recount folds everything back into stripe 0.

ALTER TABLE outcome_figures RENAME TO outcome_figure_stripes;
ALTER TABLE outcome_figure_stripes ADD COLUMN stripe smallint NOT NULL DEFAULT 0;
ALTER TABLE outcome_figure_stripes DROP CONSTRAINT outcome_figures_pkey;
ALTER TABLE outcome_figure_stripes ADD PRIMARY KEY (batch_id, dimension, code, stripe);

-- What readers read: one row per batch, dimension and code, as the table had.
CREATE VIEW outcome_figures AS
SELECT batch_id, dimension, code,
       sum(participants)::int AS participants,
       sum(ahli_k3)::int AS ahli_k3,
       sum(upgraded)::int AS upgraded,
       sum(completed)::int AS completed,
       sum(completed_ahli_k3)::int AS completed_ahli_k3,
       sum(high_performing)::int AS high_performing,
       sum(high_performing_ahli_k3)::int AS high_performing_ahli_k3,
       sum(online)::int AS online,
       sum(offline)::int AS offline,
       sum(without_post_test)::int AS without_post_test,
       sum(without_attendance)::int AS without_attendance,
       sum(new_upgraded)::int AS new_upgraded,
       sum(new_high_performing)::int AS new_high_performing,
       sum(new_upgraded_overall)::int AS new_upgraded_overall,
       sum(new_high_performing_overall)::int AS new_high_performing_overall
FROM outcome_figure_stripes
GROUP BY batch_id, dimension, code;

-- The stripe a figure statement adds to: its session's for a one-person change, 0 for every other.
CREATE FUNCTION k3_outcome_stripe() RETURNS smallint
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN current_setting('k3.outcome_lock', true) = 'person' THEN (1 + pg_backend_pid() % 16)::smallint ELSE 0::smallint END
$$;

-- Same as v1, adding to the statement's stripe.
CREATE OR REPLACE FUNCTION k3_outcome_figures_sql() RETURNS text
LANGUAGE sql IMMUTABLE AS $f$ SELECT $sql$
    -- "First": no earlier registration of the person, on the same side, has the flag. Programmes come in the
    -- order of year and code; both windows sort the rows the same way, so PostgreSQL sorts once.
    firsts AS (
        SELECT e.sign, e.batch_id, e.category, e.expertise_field, e.attendance_mode, e.institution_id, e.province_code,
               e.no_post_test, e.no_attendance, e.counts, e.completed, e.high_performing, e.upgraded, e.high_ahli_k3,
               e.upgraded AND NOT coalesce(bool_or(e.upgraded) OVER in_programme, false) AS first_upgraded,
               e.high_ahli_k3 AND NOT coalesce(bool_or(e.high_ahli_k3) OVER in_programme, false) AS first_high,
               e.upgraded AND NOT coalesce(bool_or(e.upgraded) OVER overall, false) AS first_upgraded_overall,
               e.high_ahli_k3 AND NOT coalesce(bool_or(e.high_ahli_k3) OVER overall, false) AS first_high_overall,
               e.upgraded AND NOT coalesce(e.expertise_field = ANY (array_agg(e.expertise_field) FILTER (WHERE e.upgraded) OVER in_programme), false) AS first_in_field,
               e.upgraded AND NOT coalesce(e.attendance_mode = ANY (array_agg(e.attendance_mode) FILTER (WHERE e.upgraded) OVER in_programme), false) AS first_in_mode,
               e.upgraded AND NOT coalesce(coalesce(e.institution_id, 0) = ANY (array_agg(coalesce(e.institution_id, 0)) FILTER (WHERE e.upgraded) OVER in_programme), false) AS first_in_institution
        FROM everything e
        WINDOW in_programme AS (PARTITION BY e.sign, e.participant_id, e.programme_year, e.programme_code, e.programme_id
                                ORDER BY e.batch_number, e.registration_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
               overall AS (PARTITION BY e.sign, e.participant_id ORDER BY e.programme_year, e.programme_code, e.programme_id,
                           e.batch_number, e.registration_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        UNION ALL
        SELECT p.sign, p.batch_id, p.category, p.expertise_field, p.attendance_mode, p.institution_id, p.province_code,
               p.no_post_test, p.no_attendance, p.counts, p.completed, p.high_performing, p.upgraded, p.high_ahli_k3,
               p.upgraded, p.high_ahli_k3, p.upgraded, p.high_ahli_k3, p.upgraded, p.upgraded, p.upgraded
        FROM plain p
    ),
    -- Registrations that do not count add nothing.
    grouped AS (
        SELECT batch_id, category, expertise_field, province_code, attendance_mode, coalesce(institution_id::text, '') AS institution,
               sum(sign) AS participants,
               sum(sign * (category = 'AHLI_K3')::int) AS ahli_k3,
               sum(sign * upgraded::int) AS upgraded,
               sum(sign * completed::int) AS completed,
               sum(sign * (completed AND category = 'AHLI_K3')::int) AS completed_ahli_k3,
               sum(sign * high_performing::int) AS high_performing,
               sum(sign * high_ahli_k3::int) AS high_performing_ahli_k3,
               sum(sign * (attendance_mode = 'DARING')::int) AS online,
               sum(sign * (attendance_mode = 'LURING')::int) AS offline,
               sum(sign * no_post_test::int) AS without_post_test,
               sum(sign * no_attendance::int) AS without_attendance,
               sum(sign * first_upgraded::int) AS new_upgraded,
               sum(sign * first_in_field::int) AS new_in_field,
               sum(sign * first_in_mode::int) AS new_in_mode,
               sum(sign * first_in_institution::int) AS new_in_institution,
               sum(sign * first_high::int) AS new_high_performing,
               sum(sign * first_upgraded_overall::int) AS new_upgraded_overall,
               sum(sign * first_high_overall::int) AS new_high_performing_overall
        FROM firsts
        WHERE counts
        GROUP BY 1, 2, 3, 4, 5, 6
    ),
    cells AS (
        SELECT g.batch_id, d.dimension, d.code, g.participants, g.ahli_k3, g.upgraded, g.completed, g.completed_ahli_k3,
               g.high_performing, g.high_performing_ahli_k3, g.online, g.offline, g.without_post_test, g.without_attendance,
               d.new_upgraded, g.new_high_performing, g.new_upgraded_overall, g.new_high_performing_overall
        FROM grouped g
        CROSS JOIN LATERAL (VALUES
            ('all', '', g.new_upgraded),
            ('category', g.category, g.new_upgraded),
            ('field', g.expertise_field, g.new_in_field),
            ('province', g.province_code, g.new_upgraded),
            ('mode', g.attendance_mode, g.new_in_mode),
            ('institution', g.institution, g.new_in_institution)
        ) AS d(dimension, code, new_upgraded)
        WHERE d.code IS NOT NULL
    ),
    summed AS (
        SELECT batch_id, dimension, code, sum(participants) AS participants, sum(ahli_k3) AS ahli_k3, sum(upgraded) AS upgraded,
               sum(completed) AS completed, sum(completed_ahli_k3) AS completed_ahli_k3, sum(high_performing) AS high_performing,
               sum(high_performing_ahli_k3) AS high_performing_ahli_k3, sum(online) AS online, sum(offline) AS offline,
               sum(without_post_test) AS without_post_test, sum(without_attendance) AS without_attendance,
               sum(new_upgraded) AS new_upgraded, sum(new_high_performing) AS new_high_performing,
               sum(new_upgraded_overall) AS new_upgraded_overall, sum(new_high_performing_overall) AS new_high_performing_overall
        FROM cells
        GROUP BY batch_id, dimension, code
    )
    INSERT INTO outcome_figure_stripes AS f
    SELECT s.*, k3_outcome_stripe() FROM summed s
    WHERE (s.participants, s.ahli_k3, s.upgraded, s.completed, s.completed_ahli_k3, s.high_performing, s.high_performing_ahli_k3,
           s.online, s.offline, s.without_post_test, s.without_attendance, s.new_upgraded, s.new_high_performing,
           s.new_upgraded_overall, s.new_high_performing_overall) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ON CONFLICT (batch_id, dimension, code, stripe) DO UPDATE SET
        participants = f.participants + EXCLUDED.participants,
        ahli_k3 = f.ahli_k3 + EXCLUDED.ahli_k3,
        upgraded = f.upgraded + EXCLUDED.upgraded,
        completed = f.completed + EXCLUDED.completed,
        completed_ahli_k3 = f.completed_ahli_k3 + EXCLUDED.completed_ahli_k3,
        high_performing = f.high_performing + EXCLUDED.high_performing,
        high_performing_ahli_k3 = f.high_performing_ahli_k3 + EXCLUDED.high_performing_ahli_k3,
        online = f.online + EXCLUDED.online,
        offline = f.offline + EXCLUDED.offline,
        without_post_test = f.without_post_test + EXCLUDED.without_post_test,
        without_attendance = f.without_attendance + EXCLUDED.without_attendance,
        new_upgraded = f.new_upgraded + EXCLUDED.new_upgraded,
        new_high_performing = f.new_high_performing + EXCLUDED.new_high_performing,
        new_upgraded_overall = f.new_upgraded_overall + EXCLUDED.new_upgraded_overall,
        new_high_performing_overall = f.new_high_performing_overall + EXCLUDED.new_high_performing_overall
$sql$ $f$;

-- Same as v1, folding every stripe into one: the counts from scratch, in stripe 0.
CREATE OR REPLACE FUNCTION k3_recount_outcome_figures() RETURNS void
LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
BEGIN
    PERFORM k3_outcome_figures_lock();
    DELETE FROM registration_attendance;
    INSERT INTO registration_attendance (registration_id, present_sessions, recorded_sessions)
    SELECT registration_id, count(*) FILTER (WHERE k3_present(status)), count(*) FROM attendances GROUP BY registration_id;
    DELETE FROM outcome_figure_stripes;
    DELETE FROM repeat_participants;
    INSERT INTO repeat_participants SELECT participant_id FROM registrations GROUP BY participant_id HAVING count(*) > 1;
    EXECUTE $sql$
    WITH everything AS (
        SELECT 1 AS sign, o.registration_id, o.batch_id, o.programme_id, o.participant_id, o.programme_year, o.programme_code,
               o.batch_number, o.category, o.expertise_field, o.attendance_mode, o.institution_id, o.province_code,
               o.post_test_score IS NULL AS no_post_test, o.recorded_sessions = 0 AS no_attendance, o.counts,
               o.completed, o.high_performing, o.upgraded, o.high_performing AND o.category = 'AHLI_K3' AS high_ahli_k3
        FROM registration_outcomes o
        WHERE o.participant_id IN (SELECT participant_id FROM repeat_participants)
    ),
    plain AS (
        SELECT 1 AS sign, o.batch_id, o.category, o.expertise_field, o.attendance_mode, o.institution_id, o.province_code,
               o.post_test_score IS NULL AS no_post_test, o.recorded_sessions = 0 AS no_attendance, o.counts,
               o.completed, o.high_performing, o.upgraded, o.high_performing AND o.category = 'AHLI_K3' AS high_ahli_k3
        FROM registration_outcomes o
        WHERE NOT EXISTS (SELECT 1 FROM repeat_participants rp WHERE rp.participant_id = o.participant_id)
    ),
    $sql$ || k3_outcome_figures_sql();
END
$$;

-- Same as v4, without a file operation for a small change. A temporary table's TRUNCATE gives it a new file and
-- ON COMMIT DELETE ROWS truncates its file at every commit that wrote to it: for a check-in, one change row, two
-- file operations that the bench saw as a third of the backends' time (IO:DataFileTruncate). The table now keeps its
-- rows past commit, and the next statement's begin removes them: a few rows by DELETE (their space is reused on the
-- same page), a large change by TRUNCATE. Every reader of the table runs after a begin in the same trigger.
CREATE OR REPLACE FUNCTION k3_outcome_changes_begin() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.k3_outcome_changes') IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM k3_outcome_changes OFFSET 1000) THEN
            TRUNCATE k3_outcome_changes;
        ELSIF EXISTS (SELECT 1 FROM k3_outcome_changes) THEN
            DELETE FROM k3_outcome_changes;
        END IF;
        RETURN;
    END IF;
    CREATE TEMP TABLE k3_outcome_changes (
        registration_id bigint NOT NULL,
        batch_id integer NOT NULL,
        inserted boolean NOT NULL DEFAULT false,
        present_delta integer NOT NULL DEFAULT 0,
        recorded_delta integer NOT NULL DEFAULT 0,
        sessions_delta integer NOT NULL DEFAULT 0,
        old_registration registrations,
        old_province_code char(2)
    ) ON COMMIT PRESERVE ROWS;
END
$$;

-- Same as v3, returning at once when the statement wrote no attendance row, and planning a large statement's own
-- joins without nested loops. Its statements run through EXECUTE (planned for each statement's size, v3), and
-- planning them cost a check-in that changed nothing about 1.3 ms of the 1.5 ms its statement took (a repeat
-- check-in, and the empty UPDATE trigger of every first one).
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
    PERFORM set_config('enable_nestloop', nestloop, true);
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;

-- Same as v4, with a large change planned without nested loops, and the prepared one-change statement named for this
-- version (its text now adds to the stripes: a session still holding v4's would write to the view).
CREATE OR REPLACE FUNCTION k3_apply_outcome_changes() RETURNS void
LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
DECLARE
    changed bigint;
    nestloop text := current_setting('enable_nestloop');
BEGIN
    SELECT count(*) INTO changed FROM k3_outcome_changes;
    IF changed = 0 THEN
        RETURN;
    END IF;
    -- New registrations that do not count (a self-registration waiting for verification, k3_counts) change no
    -- figure and take no part in anyone's first appearances: nothing to add, and no lock to wait for. Under the
    -- lock, 100 public forms at once queued behind one another while each still had its mail to schedule.
    IF NOT EXISTS (SELECT 1 FROM k3_outcome_changes c JOIN registrations r ON r.id = c.registration_id
                   WHERE NOT c.inserted OR k3_counts(r)) THEN
        RETURN;
    END IF;
    -- PostgreSQL plans the statement below on what it knows of the table; a large change is worth measuring.
    IF changed > 1000 THEN
        ANALYZE k3_outcome_changes;
    END IF;
    PERFORM k3_outcome_figures_lock();
    IF changed = 1 THEN
        IF NOT EXISTS (SELECT 1 FROM pg_prepared_statements WHERE name = 'k3_apply_one_change_v5') THEN
            EXECUTE 'PREPARE k3_apply_one_change_v5 AS ' || k3_outcome_changes_sql();
        END IF;
        EXECUTE 'EXECUTE k3_apply_one_change_v5';
    ELSIF changed > 1000 THEN
        -- A large change is hashed against the registrations whatever their statistics say: a table filled in this
        -- transaction (the demo load, a first import) still has the statistics of before, and a nested loop planned
        -- on them ran a 26,000-registration change for minutes.
        PERFORM set_config('enable_nestloop', 'off', true);
        EXECUTE k3_outcome_changes_sql();
        PERFORM set_config('enable_nestloop', nestloop, true);
    ELSE
        -- EXECUTE, so that the plan fits this change's size rather than the first one's.
        EXECUTE k3_outcome_changes_sql();
    END IF;
END
$$;
