-- Registration outcomes, version 2: the same figures, kept for less (issue 11's import goal). Only
-- k3_apply_outcome_changes changes; the rule, the view, the tables and the triggers of
-- registration_outcomes.v1.sql stay as they are. Why: docs/adr/0005-outcome-maintenance.md, "Version 2".
--
-- Version 1 put every changed registration through the person window (are the person's first appearances
-- the same on both sides?) and only then dropped those whose two sides were alike. Most of an attendance file
-- changes nobody's figures (a second or third session present moves no flag), and the window, over rows as
-- wide as the view, was most of the statement's time. Now:
--   1. a registration whose two sides are alike, in every column the figures read, is dropped first: it is
--      the same on both sides, exactly like an unchanged registration, and where its person is looked at
--      through the windows it comes in with the person's unchanged registrations ("others");
--   2. only the registrations of persons registered more than once go through the window: anyone else has
--      one registration, which is its own first on both sides ("plain");
--   3. registration_attendance leaves room on its pages, so that the attendance trigger's step into the counts
--      (one new row version per registration of the file) is a HOT update on the same page, without a new
--      entry in the primary key's index for every row.

CREATE OR REPLACE FUNCTION k3_apply_outcome_changes() RETURNS void
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
               k3_upgraded(n.b_counts, n.b_category, n.b_present_sessions) AS b_upgraded
        FROM now_ n
    ),
    -- The changed registrations whose two sides differ in something the figures read (high_ahli_k3 follows
    -- from high_performing and category). Those alike are left to "others", as unchanged.
    differing AS (
        SELECT f.*, f.b_high_performing AND f.b_category = 'AHLI_K3' AS b_high_ahli_k3,
               EXISTS (SELECT 1 FROM repeat_participants rp WHERE rp.participant_id = f.participant_id) AS repeated
        FROM flagged f
        WHERE f.inserted
           OR ROW(f.counts, f.category, f.expertise_field, f.attendance_mode, f.institution_id, f.province_code,
                  f.post_test_score IS NULL, f.recorded_sessions = 0, f.completed, f.high_performing, f.upgraded)
              IS DISTINCT FROM
              ROW(f.b_counts, f.b_category, f.b_expertise_field, f.b_attendance_mode, f.b_institution_id, f.b_province_code,
                  f.b_post_test_score IS NULL, f.b_recorded_sessions = 0, f.b_completed, f.b_high_performing, f.b_upgraded)
    ),
    pairs AS (
        -- A person registered once: the registration is its own first on both sides.
        SELECT d.*, false AS windowed FROM differing d WHERE NOT d.repeated
        UNION ALL
        -- A person registered more than once: the first appearances may differ between the sides when a
        -- changed registration's part in them differs, or more than one of the person's registrations differs.
        SELECT d.*,
               bool_or(
                   CASE WHEN d.upgraded OR d.high_ahli_k3
                        THEN ROW(d.upgraded, d.high_ahli_k3, d.expertise_field, d.attendance_mode, d.institution_id) END
                   IS DISTINCT FROM
                   CASE WHEN NOT d.inserted AND (d.b_upgraded OR d.b_high_ahli_k3)
                        THEN ROW(d.b_upgraded, d.b_high_ahli_k3, d.b_expertise_field, d.b_attendance_mode, d.b_institution_id) END
               ) OVER person OR count(*) OVER person > 1
        FROM differing d
        WHERE d.repeated
        WINDOW person AS (PARTITION BY d.participant_id)
    ),
    -- The other registrations of those persons (unchanged, or changed alike), the same on both sides.
    others AS (
        SELECT o.registration_id, o.batch_id, o.programme_id, o.participant_id, o.programme_year, o.programme_code,
               o.batch_number, o.category, o.expertise_field, o.attendance_mode, o.institution_id, o.province_code,
               o.post_test_score IS NULL AS no_post_test, o.recorded_sessions = 0 AS no_attendance, o.counts,
               o.completed, o.high_performing, o.upgraded, o.high_performing AND o.category = 'AHLI_K3' AS high_ahli_k3
        FROM registration_outcomes o
        WHERE o.participant_id IN (SELECT participant_id FROM pairs WHERE windowed)
          AND NOT EXISTS (SELECT 1 FROM pairs p WHERE p.windowed AND p.registration_id = o.registration_id)
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
    ),
    $sql$ || k3_outcome_figures_sql();
END
$$;

-- Half of each page free: a row is 36 bytes, a page holds about a hundred at this fill factor, and every
-- import adds one version of each of its registrations' rows; pruning on the next visit frees the old ones.
ALTER TABLE registration_attendance SET (fillfactor = 50);

-- Lays the rows already there out at the new fill factor (they are written again), and counts the figures
-- again with the new function.
SELECT k3_recount_outcome_figures();
