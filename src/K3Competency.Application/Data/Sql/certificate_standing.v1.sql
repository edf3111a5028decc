-- Certificates follow their data (issue 12). Two parts:
--
-- 1. k3_counts, version 2: a cancelled registration does not count. k3_counts is the one "does not count"
--    predicate of registration_outcomes.v1.sql, so a cancelled registration leaves every flag and figure of
--    DESIGN §4 and comes back when restored; the registration triggers already describe a change of the
--    columns it reads (old row against new row), so cancelling and restoring keep the figures without a recount.
--
-- 2. certificate_standing: each live (unrevoked) certificate beside what its registration's outcome is now.
--    A certificate states a holder's name and, by its wording, whether the holder is high-performing; it
--    holds while the registration completes, is high-performing exactly when the certificate says so, and
--    the participant's name is the one printed. Writers that can change any of these (score corrections,
--    imports, participant edits, cancellation) write, read this view inside their transaction, and refuse
--    (roll back) or revoke and reissue before they commit.

CREATE OR REPLACE FUNCTION k3_counts(registration registrations) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT registration.cancelled_at IS NULL $$;

SELECT k3_recount_outcome_figures();

CREATE VIEW certificate_standing AS
SELECT c.id AS certificate_id, c.number, c.verification_code, c.registration_id, c.batch_id,
       c.holder_name, c.high_performing AS states_high_performing,
       pa.full_name, o.counts, o.completed, o.high_performing,
       (o.completed AND o.high_performing = c.high_performing AND pa.full_name = c.holder_name) AS holds
FROM certificates c
JOIN registration_outcomes o ON o.registration_id = c.registration_id
JOIN participants pa ON pa.id = o.participant_id
WHERE c.revoked_at IS NULL;
