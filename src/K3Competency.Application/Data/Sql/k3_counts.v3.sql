-- k3_counts, version 3 (issue 15): only an approved registration counts. A self-registration waiting for
-- verification (MENUNGGU) or rejected (DITOLAK) leaves every flag and figure of DESIGN §4, completes nothing and
-- earns no certificate; approving it brings it in. Cancellation (version 2, certificate_standing.v1.sql) still
-- takes a registration out. The registration triggers compare the old row with the new one, so an approval or a
-- rejection keeps the figures without a recount.
CREATE OR REPLACE FUNCTION k3_counts(registration registrations) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT registration.cancelled_at IS NULL AND registration.status = 'DITERIMA' $$;

SELECT k3_recount_outcome_figures();
