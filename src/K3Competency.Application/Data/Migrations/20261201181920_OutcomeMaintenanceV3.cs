using K3Competency.Application.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace K3Competency.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutcomeMaintenanceV3 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Read("registration_outcomes.v3.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v1.sql", "k3_outcomes_after_attendances"));
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v1.sql", "k3_outcomes_after_registrations"));
            migrationBuilder.Sql(SqlScript.Function("registration_outcomes.v1.sql", "k3_outcomes_after_participants"));
            migrationBuilder.Sql("DROP FUNCTION k3_attendance_thresholds_sql(text);");
            migrationBuilder.Sql("DROP FUNCTION k3_attendance_moves(integer, integer, integer, integer, integer, numeric, numeric, numeric);");
            // The foreign key again; the counts are built again first, so that no row names a registration that is gone.
            migrationBuilder.Sql("SELECT k3_recount_outcome_figures();");
            migrationBuilder.Sql("ALTER TABLE registration_attendance ADD CONSTRAINT registration_attendance_registration_id_fkey " +
                                 "FOREIGN KEY (registration_id) REFERENCES registrations (id) ON DELETE CASCADE;");
        }
    }
}
