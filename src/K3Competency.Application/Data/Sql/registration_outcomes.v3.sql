-- Registration outcomes, version 3: a check-in keeps the figures without waiting for every other check-in
-- (issue 13's bench). The rule, the view, the tables, the triggers and k3_apply_outcome_changes of v1/v2 stay
-- as they are. Why: docs/adr/0005-outcome-maintenance.md, "Version 3".
--
-- Version 1 let one maintainer at a time, until commit, through one exclusive advisory lock: right for a file
-- of many people (their first appearances span batches and programmes), but 100 phones checking in at once each
-- waited for all the others' figure statements and commits. A transaction that changes the attendance of one
-- person and nothing else (the check-in says so with the transaction-local setting k3.outcome_lock = 'person')
-- now takes the lock shared, plus an exclusive lock on that person: its statement reads the person's own
-- registrations only, so it needs to be alone with that person, and with every maintainer that takes the lock
-- exclusively (files, sessions, programmes, registrations), not with the other persons' check-ins. Their
-- additions to outcome_figures commute (each is an increment under the row's lock).

-- Same as v1, with one lock or the other; k3_recount_outcome_figures and every other caller take it exclusively.
CREATE OR REPLACE FUNCTION k3_outcome_figures_lock() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    person bigint;
BEGIN
    IF current_setting('k3.outcome_lock', true) = 'person' AND to_regclass('pg_temp.k3_outcome_changes') IS NOT NULL THEN
        SELECT min(r.participant_id) INTO person
        FROM k3_outcome_changes c JOIN registrations r ON r.id = c.registration_id
        HAVING count(DISTINCT r.participant_id) = 1;
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
