-- Registration outcomes (DESIGN §4, §9): the completion rule written once, and the figures every page reads,
-- kept up to date by the writes themselves, in the writing transaction. Why it is built this way:
-- docs/adr/0005-outcome-maintenance.md.
--
--   k3_* functions         THE RULE: which statuses are present, the threshold comparisons, what completed,
--                          high-performing and upgraded mean, and which registrations count at all. Nothing
--                          else in the code base compares a score or an attendance with a threshold.
--   registration_attendance  a table, per registration: its present and recorded sessions, kept by the
--                          attendance triggers, so that an outcome never needs the attendance rows counted.
--   registration_outcomes  a view, one row per registration with its inputs and the flags of the rule.
--                          Every reader of a registration's outcome (certificates, batch and participant
--                          pages, corrections) reads it.
--   outcome_figures        a table, per batch: the counts of those rows in total ('all') and by category,
--                          expertise field, province, attendance mode and institution, with the first
--                          appearances of persons that make every distinct-person total a sum over batches.
--                          The dashboard, the summary API, the exports and the workspace read it; its size
--                          follows the number of batches, not of registrations.
--
-- How outcome_figures stays true: statement-level triggers on attendances, registrations and participants
-- describe what a statement changed (from their transition tables) and add the difference it makes to the
-- figures: the outcome of each changed registration after the statement minus before it (for attendance:
-- after this trigger's rows, as registration_attendance has them once the trigger has added them, minus
-- before them; an INSERT ... ON CONFLICT DO UPDATE fires an UPDATE and then an INSERT trigger, and each adds
-- its own step), and where a
-- person's first upgraded or high-performing registration moves, the same for the person's other
-- registrations. Sessions added or removed do the same for every registration of the batch. The rare edits
-- that reorder first appearances or change a programme's thresholds, and deleted registrations (whose
-- attendance is gone before the trigger runs), count the figures again from scratch. COPY fires the same
-- triggers.

-- THE RULE ---------------------------------------------------------------------------------------------

-- A session counts as attended when the participant was there, on time or late.
CREATE FUNCTION k3_present(status varchar) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT status IN ('HADIR', 'TERLAMBAT') $$;

-- Whether a registration counts at all. Every flag and figure depends on it, so a registration that must
-- leave the numbers (a cancelled one, a self-registration not yet approved) is decided here and nowhere else.
-- It takes the whole row, so that the test can grow with the table.
CREATE FUNCTION k3_counts(registration registrations) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT true $$;

-- Attended: at least one session present.
CREATE FUNCTION k3_attended(present integer) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT present > 0 $$;

-- present / sessions >= MinAttendancePercent, compared as present * 100 >= min * sessions with no rounded
-- percentage in between: 4 of 5 sessions meets 80, 2 of 3 does not meet 66.67. A batch without sessions
-- completes nobody.
CREATE FUNCTION k3_attendance_met(present integer, sessions integer, min_attendance_percent numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT sessions > 0 AND present * 100 >= min_attendance_percent * sessions $$;

-- A score at or above the mark; a missing score meets nothing.
CREATE FUNCTION k3_score_met(score numeric, mark numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(score >= mark, false) $$;

-- Completed (lulus), in every category: attendance and post-test both met.
CREATE FUNCTION k3_completed(counts boolean, present integer, sessions integer, min_attendance_percent numeric,
                             post_test_score numeric, passing_score numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT counts AND k3_attendance_met(present, sessions, min_attendance_percent) AND k3_score_met(post_test_score, passing_score)
$$;

-- High-performing: completed, and the post-test at or above the high-performance mark.
CREATE FUNCTION k3_high_performing(counts boolean, present integer, sessions integer, min_attendance_percent numeric,
                                   post_test_score numeric, passing_score numeric, high_performance_score numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT k3_completed(counts, present, sessions, min_attendance_percent, post_test_score, passing_score)
       AND k3_score_met(post_test_score, high_performance_score)
$$;

-- Upgraded (ditingkatkan): an Ahli K3 who attended.
CREATE FUNCTION k3_upgraded(counts boolean, category varchar, present integer) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT counts AND category = 'AHLI_K3' AND k3_attended(present) $$;

-- THE RELATION -----------------------------------------------------------------------------------------

-- A registration's attendance, counted: sessions present (k3_present) and sessions with any status. No row
-- means no attendance yet. Only a session of the registration's own batch can hold its attendance
-- (composite foreign keys on attendances), so these are sessions of its batch.
CREATE TABLE registration_attendance (
    registration_id bigint PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    present_sessions integer NOT NULL,
    recorded_sessions integer NOT NULL
);

CREATE VIEW registration_outcomes AS
SELECT i.*,
       k3_attended(i.present_sessions) AS attended,
       k3_attendance_met(i.present_sessions, i.sessions, i.min_attendance_percent) AS attendance_met,
       k3_score_met(i.post_test_score, i.passing_score) AS passing_score_met,
       k3_completed(i.counts, i.present_sessions, i.sessions, i.min_attendance_percent, i.post_test_score, i.passing_score) AS completed,
       k3_high_performing(i.counts, i.present_sessions, i.sessions, i.min_attendance_percent, i.post_test_score, i.passing_score,
                          i.high_performance_score) AS high_performing,
       k3_upgraded(i.counts, i.category, i.present_sessions) AS upgraded
FROM (
    SELECT r.id AS registration_id, r.batch_id, b.programme_id, r.participant_id,
           p.year AS programme_year, p.code AS programme_code, b.number AS batch_number,
           r.category, r.expertise_field, r.attendance_mode, r.institution_id, pa.province_code, r.post_test_score,
           coalesce(sc.sessions, 0) AS sessions, coalesce(ra.present_sessions, 0) AS present_sessions,
           coalesce(ra.recorded_sessions, 0) AS recorded_sessions,
           -- For showing only; the rule compares present and sessions themselves.
           CASE WHEN coalesce(sc.sessions, 0) = 0 THEN 0.00 ELSE round(100.0 * coalesce(ra.present_sessions, 0) / sc.sessions, 2) END AS attendance_percent,
           p.min_attendance_percent, p.passing_score, p.high_performance_score,
           k3_counts(r) AS counts
    FROM registrations r
    JOIN participants pa ON pa.id = r.participant_id
    JOIN batches b ON b.id = r.batch_id
    JOIN programmes p ON p.id = b.programme_id
    LEFT JOIN (SELECT batch_id, count(*)::int AS sessions FROM sessions GROUP BY batch_id) sc ON sc.batch_id = r.batch_id
    LEFT JOIN registration_attendance ra ON ra.registration_id = r.id
) i;

-- THE FIGURES ------------------------------------------------------------------------------------------

CREATE TABLE outcome_figures (
    batch_id integer NOT NULL,
    -- 'all' (code ''), 'category', 'field', 'province', 'mode', or 'institution' (code: the institution's id,
    -- '' for registrations without one).
    dimension varchar(16) NOT NULL,
    code varchar(32) NOT NULL,
    -- Registrations that count; of them Ahli K3; upgraded; completed (every category, and Ahli K3 only);
    -- high-performing (likewise); by attendance mode; still without a post-test; without any attendance row.
    participants integer NOT NULL,
    ahli_k3 integer NOT NULL,
    upgraded integer NOT NULL,
    completed integer NOT NULL,
    completed_ahli_k3 integer NOT NULL,
    high_performing integer NOT NULL,
    high_performing_ahli_k3 integer NOT NULL,
    online integer NOT NULL,
    offline integer NOT NULL,
    without_post_test integer NOT NULL,
    without_attendance integer NOT NULL,
    -- Persons whose first upgraded (high-performing Ahli K3) registration of the programme, by batch number,
    -- is in this batch; on the field, mode and institution rows, the first within that field, mode or
    -- institution. A running sum over the batches is the distinct persons through each batch.
    new_upgraded integer NOT NULL,
    new_high_performing integer NOT NULL,
    -- The same across programmes (ordered by year, code and batch number): summed over every batch of every
    -- programme, the distinct persons of all years.
    new_upgraded_overall integer NOT NULL,
    new_high_performing_overall integer NOT NULL,
    PRIMARY KEY (batch_id, dimension, code)
);

-- The persons registered more than once (in any batches): only their registrations can come before one
-- another, so only they need looking at when a change may move a person's first appearance.
CREATE TABLE repeat_participants (
    participant_id bigint PRIMARY KEY
);

-- MAINTENANCE ------------------------------------------------------------------------------------------

-- What a statement changed, one row per registration, written by the triggers below and read by
-- k3_apply_outcome_changes in the same transaction (a temporary table: private to the session, emptied at
-- commit). A row says the registration was inserted by the statement, or how to rebuild it as it was before:
-- present and recorded sessions and the batch's sessions by the deltas; the registration's own columns from
-- old_registration when given; the person's province from old_province_code when given.
CREATE FUNCTION k3_outcome_changes_begin() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.k3_outcome_changes') IS NOT NULL THEN
        TRUNCATE k3_outcome_changes;
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
    ) ON COMMIT DELETE ROWS;
END
$$;

-- Adds what the changes in k3_outcome_changes did to outcome_figures: every changed registration as it is now
-- (+1) and as it was before (-1). Where a person's first upgraded or high-performing registration may move (or
-- the statement changed several of the person's registrations), the person's rows go through the windows of
-- the first appearances ("everything"), with the person's other registrations, unchanged, on both sides; any
-- other registration is its own first, and its two sides are counted as they are ("plain"), or not at all
-- when they are alike (most of an attendance file changes nobody's figures).
CREATE FUNCTION k3_apply_outcome_changes() RETURNS void
LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
DECLARE
    changed bigint;
BEGIN
    SELECT count(*) INTO changed FROM k3_outcome_changes;
    IF changed = 0 THEN
        RETURN;
    END IF;
    -- PostgreSQL plans the statement below on what it knows of the table; a large change is worth measuring.
    IF changed > 1000 THEN
        ANALYZE k3_outcome_changes;
    END IF;
    PERFORM k3_outcome_figures_lock();
    -- EXECUTE, so that the plan fits this change's size rather than the first one's.
    EXECUTE $sql$
    -- One row per changed registration with both of its sides: now (as registration_outcomes has it) and before
    -- (rebuilt from the change), so that nothing below joins two of these relations on the registration (their
    -- sizes are unknown to the planner, and a nested loop over two of them is quadratic).
    WITH now_ AS (
        SELECT o.registration_id, o.batch_id, o.programme_id, o.participant_id, o.programme_year, o.programme_code,
               o.batch_number, o.category, o.expertise_field, o.attendance_mode, o.institution_id, o.province_code,
               o.post_test_score, o.sessions, o.present_sessions, o.recorded_sessions, o.min_attendance_percent,
               o.passing_score, o.high_performance_score, o.counts, o.completed, o.high_performing, o.upgraded,
               o.high_performing AND o.category = 'AHLI_K3' AS high_ahli_k3, c.inserted,
               -- Before: the registration's own columns from the old row when given, the counts less the deltas.
               CASE WHEN (c.old_registration).id IS NULL THEN o.category ELSE (c.old_registration).category END AS b_category,
               CASE WHEN (c.old_registration).id IS NULL THEN o.expertise_field ELSE (c.old_registration).expertise_field END AS b_expertise_field,
               CASE WHEN (c.old_registration).id IS NULL THEN o.attendance_mode ELSE (c.old_registration).attendance_mode END AS b_attendance_mode,
               CASE WHEN (c.old_registration).id IS NULL THEN o.institution_id ELSE (c.old_registration).institution_id END AS b_institution_id,
               coalesce(c.old_province_code, o.province_code) AS b_province_code,
               CASE WHEN (c.old_registration).id IS NULL THEN o.post_test_score ELSE (c.old_registration).post_test_score END AS b_post_test_score,
               o.sessions - c.sessions_delta AS b_sessions, o.present_sessions - c.present_delta AS b_present_sessions,
               o.recorded_sessions - c.recorded_delta AS b_recorded_sessions,
               CASE WHEN (c.old_registration).id IS NULL THEN o.counts ELSE k3_counts(c.old_registration) END AS b_counts
        FROM registration_outcomes o
        JOIN k3_outcome_changes c ON c.registration_id = o.registration_id
        WHERE o.batch_id IN (SELECT batch_id FROM k3_outcome_changes)
    ),
    flagged AS (
        SELECT n.*,
               k3_completed(n.b_counts, n.b_present_sessions, n.b_sessions, n.min_attendance_percent, n.b_post_test_score,
                            n.passing_score) AS b_completed,
               k3_high_performing(n.b_counts, n.b_present_sessions, n.b_sessions, n.min_attendance_percent, n.b_post_test_score,
                                  n.passing_score, n.high_performance_score) AS b_high_performing,
               k3_upgraded(n.b_counts, n.b_category, n.b_present_sessions) AS b_upgraded,
               EXISTS (SELECT 1 FROM repeat_participants rp WHERE rp.participant_id = n.participant_id) AS repeated
        FROM now_ n
    ),
    pairs AS (
        SELECT f.*, f.b_high_performing AND f.b_category = 'AHLI_K3' AS b_high_ahli_k3,
               -- The person's first appearances may differ between the sides: registered more than once and a
               -- changed registration's part in them differs, or more than one of the person's registrations changed.
               bool_or(
                   (CASE WHEN f.upgraded OR f.high_ahli_k3
                         THEN ROW(f.upgraded, f.high_ahli_k3, f.expertise_field, f.attendance_mode, f.institution_id) END
                    IS DISTINCT FROM
                    CASE WHEN NOT f.inserted AND (f.b_upgraded OR (f.b_high_performing AND f.b_category = 'AHLI_K3'))
                         THEN ROW(f.b_upgraded, f.b_high_performing AND f.b_category = 'AHLI_K3', f.b_expertise_field,
                                  f.b_attendance_mode, f.b_institution_id) END)
                   AND f.repeated
               ) OVER person OR count(*) OVER person > 1 AS windowed
        FROM flagged f
        WINDOW person AS (PARTITION BY f.participant_id)
    ),
    -- The other registrations of those persons, unchanged, on both sides.
    others AS (
        SELECT o.registration_id, o.batch_id, o.programme_id, o.participant_id, o.programme_year, o.programme_code,
               o.batch_number, o.category, o.expertise_field, o.attendance_mode, o.institution_id, o.province_code,
               o.post_test_score IS NULL AS no_post_test, o.recorded_sessions = 0 AS no_attendance, o.counts,
               o.completed, o.high_performing, o.upgraded, o.high_performing AND o.category = 'AHLI_K3' AS high_ahli_k3
        FROM registration_outcomes o
        WHERE o.participant_id IN (SELECT participant_id FROM pairs WHERE windowed)
          AND NOT EXISTS (SELECT 1 FROM k3_outcome_changes c WHERE c.registration_id = o.registration_id)
    ),
    everything AS (
        SELECT side.*
        FROM pairs p
        CROSS JOIN LATERAL (VALUES
            (1, p.registration_id, p.batch_id, p.programme_id, p.participant_id, p.programme_year, p.programme_code, p.batch_number,
             p.category, p.expertise_field, p.attendance_mode, p.institution_id, p.province_code, p.post_test_score IS NULL,
             p.recorded_sessions = 0, p.counts, p.completed, p.high_performing, p.upgraded, p.high_ahli_k3),
            (-1, p.registration_id, p.batch_id, p.programme_id, p.participant_id, p.programme_year, p.programme_code, p.batch_number,
             p.b_category, p.b_expertise_field, p.b_attendance_mode, p.b_institution_id, p.b_province_code, p.b_post_test_score IS NULL,
             p.b_recorded_sessions = 0, p.b_counts, p.b_completed, p.b_high_performing, p.b_upgraded, p.b_high_ahli_k3)
        ) AS side(sign, registration_id, batch_id, programme_id, participant_id, programme_year, programme_code, batch_number,
                  category, expertise_field, attendance_mode, institution_id, province_code, no_post_test, no_attendance, counts,
                  completed, high_performing, upgraded, high_ahli_k3)
        WHERE p.windowed AND (side.sign = 1 OR NOT p.inserted)
        UNION ALL
        SELECT side.sign, o.* FROM others o CROSS JOIN (VALUES (1), (-1)) AS side(sign)
    ),
    plain AS (
        SELECT side.*
        FROM pairs p
        CROSS JOIN LATERAL (VALUES
            (1, p.batch_id, p.category, p.expertise_field, p.attendance_mode, p.institution_id, p.province_code,
             p.post_test_score IS NULL, p.recorded_sessions = 0, p.counts, p.completed, p.high_performing, p.upgraded, p.high_ahli_k3),
            (-1, p.batch_id, p.b_category, p.b_expertise_field, p.b_attendance_mode, p.b_institution_id, p.b_province_code,
             p.b_post_test_score IS NULL, p.b_recorded_sessions = 0, p.b_counts, p.b_completed, p.b_high_performing, p.b_upgraded,
             p.b_high_ahli_k3)
        ) AS side(sign, batch_id, category, expertise_field, attendance_mode, institution_id, province_code, no_post_test,
                  no_attendance, counts, completed, high_performing, upgraded, high_ahli_k3)
        WHERE NOT p.windowed AND (side.sign = 1 OR NOT p.inserted)
          -- Two sides alike add nothing.
          AND (p.inserted
               OR ROW(p.counts, p.category, p.expertise_field, p.attendance_mode, p.institution_id, p.province_code,
                      p.post_test_score IS NULL, p.recorded_sessions = 0, p.completed, p.high_performing, p.upgraded)
                  IS DISTINCT FROM
                  ROW(p.b_counts, p.b_category, p.b_expertise_field, p.b_attendance_mode, p.b_institution_id, p.b_province_code,
                      p.b_post_test_score IS NULL, p.b_recorded_sessions = 0, p.b_completed, p.b_high_performing, p.b_upgraded))
    ),
    $sql$ || k3_outcome_figures_sql();
END
$$;

-- The statement's end, shared with k3_recount_outcome_figures: counts the relations "everything" and "plain"
-- (registrations as registration_outcomes has them, each with its sign, +1 counted in or -1 counted out, and
-- high_ahli_k3) into outcome_figures. In "everything" are all rows of the persons whose first appearances must be
-- worked out over the person's rows on each side; in "plain" the rows of anyone else, each its own first.
CREATE FUNCTION k3_outcome_figures_sql() RETURNS text
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
    INSERT INTO outcome_figures AS f
    SELECT * FROM summed s
    WHERE (s.participants, s.ahli_k3, s.upgraded, s.completed, s.completed_ahli_k3, s.high_performing, s.high_performing_ahli_k3,
           s.online, s.offline, s.without_post_test, s.without_attendance, s.new_upgraded, s.new_high_performing,
           s.new_upgraded_overall, s.new_high_performing_overall) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ON CONFLICT (batch_id, dimension, code) DO UPDATE SET
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

-- One maintainer at a time, until commit. The first appearances of a person span batches and programmes, so
-- two transactions each adding their change to figures read from their own snapshots could both count the
-- same person. The lock is taken after the base rows are written, and the statement that follows reads a
-- snapshot taken after it, so it sees every maintainer that committed before.
CREATE FUNCTION k3_outcome_figures_lock() RETURNS void
LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(4851310049359425331) $$; -- "CompOutc": any constant of ours

-- Counts every figure again from the registrations as they are: for the changes the triggers do not describe
-- row by row, and for the data a migration finds.
CREATE FUNCTION k3_recount_outcome_figures() RETURNS void
LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
BEGIN
    PERFORM k3_outcome_figures_lock();
    DELETE FROM registration_attendance;
    INSERT INTO registration_attendance (registration_id, present_sessions, recorded_sessions)
    SELECT registration_id, count(*) FILTER (WHERE k3_present(status)), count(*) FROM attendances GROUP BY registration_id;
    DELETE FROM outcome_figures;
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

-- THE TRIGGERS -----------------------------------------------------------------------------------------
-- Each describes its statement's change in k3_outcome_changes, from the transition tables, and applies it.
-- A trigger with transition tables serves one event, hence one trigger per event and one function per table
-- that tells the events apart by TG_OP.
-- jit off as in k3_apply_outcome_changes: a 100,000-row statement crosses jit_above_cost, and compiling its
-- plan costs more than it saves (half a second of a results import, measured).

-- Attendance: the registrations whose present (or recorded) sessions went up or down.
CREATE FUNCTION k3_outcomes_after_attendances() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    PERFORM k3_outcome_changes_begin();
    IF TG_OP = 'INSERT' THEN
        INSERT INTO k3_outcome_changes (registration_id, batch_id, present_delta, recorded_delta)
        SELECT registration_id, batch_id, count(*) FILTER (WHERE k3_present(status)), count(*)
        FROM new_rows GROUP BY registration_id, batch_id;
    ELSIF TG_OP = 'DELETE' THEN
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
    -- This trigger's step into the counts, so that the outcomes read now are those after it, and a second
    -- trigger of the same statement starts where this one ended. Only an insert can be a registration's first
    -- attendance; a delete can follow its registration's (then the counts row has gone with it).
    IF TG_OP = 'INSERT' THEN
        INSERT INTO registration_attendance AS ra (registration_id, present_sessions, recorded_sessions)
        SELECT registration_id, present_delta, recorded_delta FROM k3_outcome_changes
        ON CONFLICT (registration_id) DO UPDATE SET present_sessions = ra.present_sessions + EXCLUDED.present_sessions,
                                                    recorded_sessions = ra.recorded_sessions + EXCLUDED.recorded_sessions;
    ELSE
        UPDATE registration_attendance ra
        SET present_sessions = ra.present_sessions + c.present_delta, recorded_sessions = ra.recorded_sessions + c.recorded_delta
        FROM k3_outcome_changes c
        WHERE ra.registration_id = c.registration_id;
    END IF;
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;

CREATE TRIGGER outcome_figures_after_insert AFTER INSERT ON attendances
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_attendances();
CREATE TRIGGER outcome_figures_after_update AFTER UPDATE ON attendances
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_attendances();
CREATE TRIGGER outcome_figures_after_delete AFTER DELETE ON attendances
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_attendances();

-- Registrations: new ones, and changed scores, category, field, mode, institution (or whatever k3_counts
-- reads). Moving a registration to another batch or person, or deleting one (its attendance rows are gone by
-- the time this runs, so what it counted before cannot be rebuilt), counts everything again.
CREATE FUNCTION k3_outcomes_after_registrations() RETURNS trigger
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
        INSERT INTO k3_outcome_changes (registration_id, batch_id, old_registration)
        SELECT n.id, n.batch_id, ROW(o.*)::registrations FROM new_rows n JOIN old_rows o ON o.id = n.id;
    END IF;
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;

CREATE TRIGGER outcome_figures_after_insert AFTER INSERT ON registrations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_registrations();
CREATE TRIGGER outcome_figures_after_update AFTER UPDATE ON registrations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_registrations();
CREATE TRIGGER outcome_figures_after_delete AFTER DELETE ON registrations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_registrations();

-- Participants: the province is a breakdown of the figures.
CREATE FUNCTION k3_outcomes_after_participants() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    PERFORM k3_outcome_changes_begin();
    INSERT INTO k3_outcome_changes (registration_id, batch_id, old_province_code)
    SELECT r.id, r.batch_id, o.province_code
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id AND o.province_code IS DISTINCT FROM n.province_code
    JOIN registrations r ON r.participant_id = n.id;
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;

CREATE TRIGGER outcome_figures_after_update AFTER UPDATE ON participants
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_participants();

-- Sessions: a session added or removed changes the attendance % of everyone in its batch.
CREATE FUNCTION k3_outcomes_after_sessions() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    PERFORM k3_outcome_changes_begin();
    IF TG_OP = 'INSERT' THEN
        INSERT INTO k3_outcome_changes (registration_id, batch_id, sessions_delta)
        SELECT r.id, r.batch_id, s.n FROM (SELECT batch_id, count(*) AS n FROM new_rows GROUP BY batch_id) s
        JOIN registrations r ON r.batch_id = s.batch_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO k3_outcome_changes (registration_id, batch_id, sessions_delta)
        SELECT r.id, r.batch_id, -s.n FROM (SELECT batch_id, count(*) AS n FROM old_rows GROUP BY batch_id) s
        JOIN registrations r ON r.batch_id = s.batch_id;
    ELSE
        INSERT INTO k3_outcome_changes (registration_id, batch_id, sessions_delta)
        SELECT r.id, r.batch_id, s.n
        FROM (SELECT batch_id, sum(n) AS n
              FROM (SELECT batch_id, 1 AS n FROM new_rows UNION ALL SELECT batch_id, -1 FROM old_rows) x
              GROUP BY batch_id HAVING sum(n) <> 0) s
        JOIN registrations r ON r.batch_id = s.batch_id;
    END IF;
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;

CREATE TRIGGER outcome_figures_after_insert AFTER INSERT ON sessions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_sessions();
CREATE TRIGGER outcome_figures_after_update AFTER UPDATE ON sessions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_sessions();
CREATE TRIGGER outcome_figures_after_delete AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_sessions();

-- Batch numbers (which registration of a person comes first), programme thresholds (completion in a whole
-- programme), year and code (the order of programmes): rare edits that reach every registration of a batch
-- or a programme and the first appearances around them; they count everything again.
CREATE FUNCTION k3_outcomes_after_batches() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    -- EXCEPT, not a join of the transition tables: see k3_outcomes_after_registrations.
    IF EXISTS (SELECT id, number, programme_id FROM new_rows EXCEPT SELECT id, number, programme_id FROM old_rows) THEN
        PERFORM k3_recount_outcome_figures();
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER outcome_figures_after_update AFTER UPDATE ON batches
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_batches();

CREATE FUNCTION k3_outcomes_after_programmes() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    IF EXISTS (SELECT id, min_attendance_percent, passing_score, high_performance_score, year, code FROM new_rows
               EXCEPT
               SELECT id, min_attendance_percent, passing_score, high_performance_score, year, code FROM old_rows) THEN
        PERFORM k3_recount_outcome_figures();
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER outcome_figures_after_update AFTER UPDATE ON programmes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION k3_outcomes_after_programmes();

-- The data already there.
SELECT k3_recount_outcome_figures();
