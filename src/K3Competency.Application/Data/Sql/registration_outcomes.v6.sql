-- Registration outcomes, version 6: the registrations trigger's statement that marks repeated persons is planned for
-- each statement (EXECUTE), like its sibling statements since v3. Why: docs/adr/0005-outcome-maintenance.md, "Version 6".
-- Otherwise as v4.

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
        -- EXECUTE (v6): a join of new_rows with registrations, planned for this statement's size. Static, its plan
        -- was the one made for the session's first insert: planned for one self-registration (an index probe per new
        -- row) it suits any size, but planned for a 100,000-row import (a scan of every registration) it would make
        -- each later single registration on that connection scan them all; a plan kept from stale statistics took
        -- 6.6 s in one demo load.
        EXECUTE $sql$
        INSERT INTO repeat_participants
        SELECT r.participant_id FROM registrations r
        WHERE r.participant_id IN (SELECT participant_id FROM new_rows)
        GROUP BY r.participant_id HAVING count(*) > 1
        ON CONFLICT DO NOTHING
        $sql$;
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
