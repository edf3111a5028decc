-- Back to k3_counts version 2 (certificate_standing.v1.sql): a cancelled registration does not count.
CREATE OR REPLACE FUNCTION k3_counts(registration registrations) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT registration.cancelled_at IS NULL $$;

SELECT k3_recount_outcome_figures();
