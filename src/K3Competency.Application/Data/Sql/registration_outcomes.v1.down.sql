-- Undoes registration_outcomes.v1.sql.
DROP TRIGGER outcome_figures_after_insert ON attendances;
DROP TRIGGER outcome_figures_after_update ON attendances;
DROP TRIGGER outcome_figures_after_delete ON attendances;
DROP TRIGGER outcome_figures_after_insert ON registrations;
DROP TRIGGER outcome_figures_after_update ON registrations;
DROP TRIGGER outcome_figures_after_delete ON registrations;
DROP TRIGGER outcome_figures_after_update ON participants;
DROP TRIGGER outcome_figures_after_insert ON sessions;
DROP TRIGGER outcome_figures_after_update ON sessions;
DROP TRIGGER outcome_figures_after_delete ON sessions;
DROP TRIGGER outcome_figures_after_update ON batches;
DROP TRIGGER outcome_figures_after_update ON programmes;
DROP FUNCTION k3_outcomes_after_attendances(), k3_outcomes_after_registrations(), k3_outcomes_after_participants(),
    k3_outcomes_after_sessions(), k3_outcomes_after_batches(), k3_outcomes_after_programmes(),
    k3_recount_outcome_figures(), k3_apply_outcome_changes(), k3_outcome_figures_sql(), k3_outcome_changes_begin(),
    k3_outcome_figures_lock();
DROP TABLE outcome_figures, repeat_participants;
DROP VIEW registration_outcomes;
DROP TABLE registration_attendance;
DROP FUNCTION k3_upgraded(boolean, varchar, integer), k3_high_performing(boolean, integer, integer, numeric, numeric, numeric, numeric),
    k3_completed(boolean, integer, integer, numeric, numeric, numeric), k3_score_met(numeric, numeric),
    k3_attendance_met(integer, integer, numeric), k3_attended(integer), k3_counts(registrations), k3_present(varchar);
