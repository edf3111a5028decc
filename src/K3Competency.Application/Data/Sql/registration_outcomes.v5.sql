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
