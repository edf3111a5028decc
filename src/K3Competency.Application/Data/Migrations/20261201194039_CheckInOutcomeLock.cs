using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class CheckInOutcomeLock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Read("registration_outcomes.v4.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // v1 wrote this one on a single line, which SqlScript.Function does not cut out.
            migrationBuilder.Sql("CREATE OR REPLACE FUNCTION k3_outcome_figures_lock() RETURNS void LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(4851310049359425331) $$;");
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v1.sql", "k3_outcome_changes_begin"));
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v3.sql", "k3_outcomes_after_registrations"));
            // v2 wrote its k3_apply_outcome_changes as CREATE OR REPLACE; running v2 again puts it back (and recounts).
            migrationBuilder.Sql(SqlScript.Read("registration_outcomes.v2.sql"));
            migrationBuilder.Sql("DROP FUNCTION k3_outcome_changes_sql();");
        }
    }
}
