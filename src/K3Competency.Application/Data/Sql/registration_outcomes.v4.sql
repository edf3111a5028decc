-- Registration outcomes, version 4: a check-in keeps the figures without waiting for every other check-in
-- (issue 13's bench). The rule, the view, the tables and the other triggers of v1-v3 stay as they are; this file
-- replaces k3_outcome_figures_lock, k3_outcome_changes_begin, k3_apply_outcome_changes and
-- k3_outcomes_after_registrations (keeping v3's EXECUTE for its join). Why: docs/adr/0005-outcome-maintenance.md,
-- "Version 4".
--
-- Version 1 let one maintainer at a time, until commit, through one exclusive advisory lock: right for a file
-- of many people (their first appearances span batches and programmes), but 100 phones checking in at once each
-- waited for all the others' figure statements and commits. A transaction that changes the attendance of one
-- person and nothing else (the check-in says so with the transaction-local setting k3.outcome_lock = 'person')
-- now takes the lock shared, plus an exclusive lock on that person: its statement reads the person's own
-- registrations only, so it needs to be alone with that person, and with every maintainer that takes the lock
-- exclusively (files, sessions, programmes, registrations), not with the other persons' check-ins. Their
-- additions to outcome_figures commute (each is an increment under the row's lock).
--
-- And a change of one registration (a check-in) runs a statement planned once per connection instead of
-- planned again on every call: the statement of v2's k3_apply_outcome_changes, unchanged, is now the text of
-- k3_outcome_changes_sql, run through EXECUTE for a change of many rows (planned for its size, as before) and
-- as a prepared statement for a change of one. The check-in's connections keep their sessions between uses
-- (CheckInService), so the preparation is kept; any other connection prepares it again after DISCARD ALL.
--
-- And a self-registration waiting for verification (it does not count, k3_counts) takes no lock at all: under
-- the lock, 100 public forms at once queued behind one another while each still had its mail to schedule,
-- until the connection pool ran dry (./k3 bench selfreg, 49 of 2.000 answered).

-- Same as v1, with one lock or the other; k3_recount_outcome_figures and every other caller take it exclusively.
CREATE OR REPLACE FUNCTION k3_outcome_figures_lock() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    person bigint;
BEGIN
    -- One changed registration (what a check-in changes): its person, looked up by the primary key. (Nested: an
    -- expression that names the table cannot even be planned where the table does not exist.)
    IF current_setting('k3.outcome_lock', true) = 'person' AND to_regclass('pg_temp.k3_outcome_changes') IS NOT NULL THEN
        IF (SELECT count(*) FROM k3_outcome_changes) = 1 THEN
            SELECT r.participant_id INTO person FROM registrations r WHERE r.id = (SELECT c.registration_id FROM k3_outcome_changes c);
        END IF;
    END IF;
    IF person IS NULL THEN
        PERFORM pg_advisory_xact_lock(4851310049359425331); -- "CompOutc": any constant of ours
    ELSE
        PERFORM pg_advisory_xact_lock_shared(4851310049359425331);
        -- AdvisoryLocks.OutcomePerson, then the person (two persons sharing a hash only wait for each other).
        PERFORM pg_advisory_xact_lock(1261633538, hashint8(person));
    END IF;
END
$$;

-- Same as v1, but an empty table is left alone: TRUNCATE of a temporary table makes a new file, and most
-- check-ins (a repeat) change no row at all.
CREATE OR REPLACE FUNCTION k3_outcome_changes_begin() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.k3_outcome_changes') IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM k3_outcome_changes) THEN
            TRUNCATE k3_outcome_changes;
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
    ) ON COMMIT DELETE ROWS;
END
$$;

-- v2's statement, as text (then the end shared with the recount, k3_outcome_figures_sql).
CREATE FUNCTION k3_outcome_changes_sql() RETURNS text
LANGUAGE sql IMMUTABLE AS $f$ SELECT $sql$
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
    $sql$ || k3_outcome_figures_sql() $f$;

-- Same as v2, with the one-registration change run from its prepared plan. The name carries the version, so a
-- session prepared by an older definition is not used for a newer one.
CREATE OR REPLACE FUNCTION k3_apply_outcome_changes() RETURNS void
LANGUAGE plpgsql SET jit = off SET work_mem = '32MB' AS $$
DECLARE
    changed bigint;
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
        IF NOT EXISTS (SELECT 1 FROM pg_prepared_statements WHERE name = 'k3_apply_one_change_v4') THEN
            EXECUTE 'PREPARE k3_apply_one_change_v4 AS ' || k3_outcome_changes_sql();
        END IF;
        EXECUTE 'EXECUTE k3_apply_one_change_v4';
    ELSE
        -- EXECUTE, so that the plan fits this change's size rather than the first one's.
        EXECUTE k3_outcome_changes_sql();
    END IF;
END
$$;

-- Same as v3, with the lock only for new registrations that count.
CREATE OR REPLACE FUNCTION k3_outcomes_after_registrations() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM k3_recount_outcome_figures();
        RETURN NULL;
    END IF;
    PERFORM k3_outcome_changes_begin();
    IF TG_OP = 'INSERT' THEN
        -- New registrations none of which counts (self-registrations waiting for verification) need no lock: they
        -- take no part in any figure or first appearance, so a person marked as repeated by one of them is counted
        -- the same either way (v3).
        IF EXISTS (SELECT 1 FROM new_rows n WHERE k3_counts(ROW(n.*)::registrations)) THEN
            PERFORM k3_outcome_figures_lock();
        END IF;
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
        -- (A transition table's rows are plain records; ROW(o.*) makes one a registrations row again.) EXECUTE, as
        -- in v3: a static statement would keep the plan made for the first statement's transition tables.
        EXECUTE $sql$
        INSERT INTO k3_outcome_changes (registration_id, batch_id, old_registration)
        SELECT n.id, n.batch_id, ROW(o.*)::registrations FROM new_rows n JOIN old_rows o ON o.id = n.id
        $sql$;
    END IF;
    PERFORM k3_apply_outcome_changes();
    RETURN NULL;
END
$$;
